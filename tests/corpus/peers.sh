#!/bin/bash
# Writes an analyzer folder for run.sh with the peer analyzers instead of Threadwise: their rules that say the same
# as Threadwise's blocking, async-void and dropped-task rules, at warning, every other rule off. The packages are the
# ones the benchmark measures (restored through tests/Threadwise.Benchmarks). compare.py then lists what a peer
# reports where Threadwise reports nothing (to read for missed bugs) and the reverse.
# Usage: peers.sh [label]   (default: peers) -> $CORPUS_DIR/analyzers/<label>/{analyzers.txt,rules.txt}
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
label=${1:-peers}
folder="$CORPUS_DIR/analyzers/$label"
mkdir -p "$folder"

dotnet restore "$here/../Threadwise.Benchmarks" -v:q -nologo >/dev/null
packages=$(dotnet nuget locals global-packages -l | sed 's/^global-packages: *//; s:/*$::')
pick() { ls "$packages"/$1 2>/dev/null || { echo "not restored: $1" >&2; exit 1; }; }
{
  pick 'microsoft.visualstudio.threading.analyzers/18.12.1/analyzers/cs/Microsoft.VisualStudio.Threading.Analyzers*.dll' | grep -v CodeFixes
  pick 'asyncfixer/2.1.0/analyzers/dotnet/cs/AsyncFixer.dll'
  # The oldest Roslyn the package builds for runs on any newer compiler.
  pick 'meziantou.analyzer/3.0.321/analyzers/dotnet/roslyn4.14/cs/Meziantou.Analyzer.dll'
  pick 'sonaranalyzer.csharp/9.32.0.97167/analyzers/*.dll'
  pick 'microsoft.codeanalysis.netanalyzers/10.0.401/analyzers/dotnet/cs/Microsoft.CodeAnalysis*NetAnalyzers.dll'
} > "$folder/analyzers.txt"

# Threadwise's counterparts: TW101-TW104 (VSTHRD002, VSTHRD103, AsyncFixer02, MA0042, MA0045, S4462, S6966, CA1849),
# TW301/TW302 (VSTHRD100, VSTHRD101, AsyncFixer03, MA0147, MA0155, S3168), TW304 (VSTHRD110, MA0134),
# TW502/TW505 (AsyncFixer04, MA0100, MA0129, VSTHRD107), TW503 (VSTHRD114), TW501 (CA2007, MA0004, VSTHRD111).
printf '%s\n' VSTHRD002 VSTHRD103 AsyncFixer02 MA0042 MA0045 S4462 S6966 CA1849 \
  VSTHRD100 VSTHRD101 AsyncFixer03 MA0147 MA0155 S3168 VSTHRD110 MA0134 \
  AsyncFixer04 MA0100 MA0129 VSTHRD107 VSTHRD114 CA2007 MA0004 VSTHRD111 > "$folder/rules.txt"
echo "$folder ($(wc -l < "$folder/analyzers.txt") analyzer DLLs, $(wc -l < "$folder/rules.txt") rules)"
