#!/bin/bash
# Builds every corpus project of repos.tsv with a Threadwise analyzer injected, without editing the code bases:
# a generated targets file passed as -p:CustomAfterMicrosoftCommonTargets (and ...CrossTargetingTargets, for the
# outer build of a multi-targeted project) adds the analyzer as an Analyzer item, a
# globalconfig (an EditorConfigFiles item) raises every rule to warning, and each project compiled writes SARIF 2.1
# to $CORPUS_DIR/out/<label>/<code base>/<project>.<tfm>.sarif. Per code base workarounds (items only a targets file
# can change) live in workarounds/<code base>.targets; command-line properties in repos.tsv.
# Usage: run.sh <analyzer folder from build-analyzer.sh or peers.sh> [code base...]   (default: every code base)
# A folder from peers.sh holds analyzers.txt (the peer analyzers' DLLs) instead of Threadwise.Analyzers.dll: their
# rules of rules.txt are raised to warning and every other analyzer rule is switched off.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
[[ -f "${1:-}/Threadwise.Analyzers.dll" || -f "${1:-}/analyzers.txt" ]] || { echo "usage: run.sh <analyzer folder from build-analyzer.sh or peers.sh> [code base...]" >&2; exit 2; }
analyzer=$(cd "$1" && pwd); shift
label=$(basename "$analyzer")
out="$CORPUS_DIR/out/$label"
mkdir -p "$out"
if [[ -f "$analyzer/analyzers.txt" ]]; then mapfile -t dlls < "$analyzer/analyzers.txt"; else dlls=("$analyzer/Threadwise.Analyzers.dll"); fi

# The globalconfig: every rule the analyzer knows, at warning (Info rules would not show in build output otherwise).
{ echo "is_global = true"; echo "global_level = 1000"
  [[ -f "$analyzer/analyzers.txt" ]] && echo "dotnet_analyzer_diagnostic.severity = none"
  while read -r id; do echo "dotnet_diagnostic.$id.severity = warning"; done < "$analyzer/rules.txt"; } > "$out/threadwise.globalconfig"
# Touched once per run: an extra compile input, so every project compiles (and writes its SARIF) once in this run.
touch "$out/stamp"
cat > "$out/inject.targets" <<TARGETS
<Project>
  <PropertyGroup>
    <ErrorLog>$out/\$(CorpusCodeBase)/\$(MSBuildProjectName).\$(TargetFramework).sarif,version=2.1</ErrorLog>
    <RunAnalyzers>true</RunAnalyzers>
    <RunAnalyzersDuringBuild>true</RunAnalyzersDuringBuild>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <CodeAnalysisTreatWarningsAsErrors>false</CodeAnalysisTreatWarningsAsErrors>
  </PropertyGroup>
  <!-- The package's own targets, read before the line below narrows TargetFrameworks: the analyzers see every framework
       the project builds for (ThreadwiseTargetFrameworks), as in a real build of it. -->
  <Import Project="$here/../../src/Threadwise/build/Threadwise.targets" />
  <!-- One target framework: restore would otherwise need every framework's packs, and some are not served here. -->
  <PropertyGroup Condition="\$([System.String]::Concat(';', '\$(TargetFrameworks)', ';').Contains(';\$(CorpusTargetFramework);'))">
    <TargetFrameworks>\$(CorpusTargetFramework)</TargetFrameworks>
  </PropertyGroup>
  <ItemGroup>
$(for dll in "${dlls[@]}"; do echo "    <Analyzer Include=\"$dll\" />"; done)
    <EditorConfigFiles Include="$out/threadwise.globalconfig" />
    <CustomAdditionalCompileInputs Include="$out/stamp" />
  </ItemGroup>
  <Import Project="$here/workarounds/\$(CorpusCodeBase).targets" Condition="Exists('$here/workarounds/\$(CorpusCodeBase).targets')" />
</Project>
TARGETS

started=$(date +%s)
# Tabs become a non-blank separator first: read collapses runs of blank separators, which would shift empty columns.
tail -n +2 "$here/repos.tsv" | tr '\t' '\037' | while IFS=$'\037' read -r name github commit tfm projects properties _not_counted; do
  [[ $# -eq 0 || " $* " == *" $name "* ]] || continue
  src="$CORPUS_DIR/src/$name"
  [[ -f "$src/.corpus-commit" ]] || { echo "$name: not checked out (run checkout.sh)" >&2; continue; }
  rm -rf "${out:?}/$name"; mkdir -p "$out/$name"
  props=(); for p in $properties; do props+=("-p:$p"); done
  t0=$(date +%s)
  for project in $projects; do
    log="$out/$name/$(basename "$project" .csproj).log"
    # From $CORPUS_DIR, not the code base: no global.json of the code base pins the SDK of the muxer.
    (cd "$CORPUS_DIR" && nice -n 10 dotnet build "$src/$project" -f "$tfm" -m:1 -nologo -v:q -clp:NoSummary \
      --artifacts-path "$CORPUS_DIR/build/$name" \
      "-p:CustomAfterMicrosoftCommonTargets=$out/inject.targets" "-p:CustomAfterMicrosoftCommonCrossTargetingTargets=$out/inject.targets" "-p:CorpusCodeBase=$name" "-p:CorpusTargetFramework=$tfm" \
      -p:EnableNETAnalyzers=false -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= "${props[@]}" >"$log" 2>&1)
    rc=$?
    errors=$(grep -c 'error [A-Z]*[0-9]*:' "$log")
    echo "$name $project: exit $rc, $errors error lines"
  done
  echo "$name: $(( $(date +%s) - t0 )) s, $(ls "$out/$name"/*.sarif 2>/dev/null | wc -l) SARIF files"
done
echo "all: $(( $(date +%s) - started )) s; SARIF under $out"
