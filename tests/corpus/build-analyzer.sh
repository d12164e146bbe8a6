#!/bin/bash
# Builds the Threadwise analyzer of a git revision (of this repository) or of a working folder (a worktree) into
# $CORPUS_DIR/analyzers/<label>/: Threadwise.Analyzers.dll, rules.txt (every rule ID, for the globalconfig) and
# revision.txt. A revision is exported with `git archive` and a folder copied without its bin/ and obj/, so nothing is
# built inside a worktree.
# Usage: build-analyzer.sh <revision | folder> [label]   (label defaults to the short commit, or the folder's name)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
what=${1:?usage: build-analyzer.sh <revision | folder> [label]}

if [[ -d "$what" ]]; then
  src=$(cd "$what" && pwd)
  label=${2:-$(basename "$src")}
  revision="$(git -C "$src" rev-parse --short=12 HEAD 2>/dev/null || echo '?') in $src"
  [[ -z "$(git -C "$src" status --porcelain -- src 2>/dev/null)" ]] || revision="$revision (with uncommitted changes)"
else
  commit=$(git -C "$repo" rev-parse --verify "$what^{commit}")
  label=${2:-${commit:0:12}}
  revision=$commit
fi
dest="$CORPUS_DIR/analyzers/$label"
rm -rf "$dest"; mkdir -p "$dest"
files=(Directory.Build.props src/Directory.Build.props src/Threadwise.Analyzers)
if [[ -d "$what" ]]; then
  # Copied without the folder's own bin/ and obj/: their generated sources would be compiled a second time.
  mkdir -p "$dest/src"
  tar -C "$src" --exclude=bin --exclude=obj -cf - "${files[@]}" | tar -x -C "$dest/src"
else
  mkdir -p "$dest/src"
  git -C "$repo" archive "$commit" "${files[@]}" | tar -x -C "$dest/src"
fi
src="$dest/src"
nice -n 10 dotnet build "$src/src/Threadwise.Analyzers/Threadwise.Analyzers.csproj" -c Release -m:1 -v:q -nologo \
  -p:BaseOutputPath="$dest/bin/" -p:BaseIntermediateOutputPath="$dest/obj/" >"$dest/build.log" 2>&1 ||
  { tail -20 "$dest/build.log" >&2; exit 1; }
cp "$dest/bin/Release/netstandard2.0/Threadwise.Analyzers.dll" "$dest/"
grep -o '"TW[0-9]\{3\}"' "$src/src/Threadwise.Analyzers/RuleIds.cs" | tr -d '"' | sort -u > "$dest/rules.txt"
echo "$revision" > "$dest/revision.txt"
echo "$dest ($(wc -l < "$dest/rules.txt") rules, $revision)"
