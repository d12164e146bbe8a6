#!/usr/bin/env bash
# Re-draws the course's timeline pictures in this folder: runs one program per lesson with --timeline (default sizes),
# then renders each SVG to PNG with headless Chromium (apt-get install chromium). Run from anywhere, after a build:
#   dotnet build samples/course/Course.slnx && samples/course/images/render.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
course="$(dirname "$here")"
shots=("01-io after IoAfter" "02-cpu after CpuAfter" "03-sync-over-async before SyncOverAsyncBefore" "04-mixing after MixingAfter" "05-pitfalls before PitfallsBefore")
for shot in "${shots[@]}"; do
  read -r lesson variant project <<<"$shot"
  svg="$here/$lesson-$variant.svg"
  (cd "$course/$lesson/$variant" && dotnet "bin/Debug/net10.0/$project.dll" --timeline "$svg" >/dev/null)
  height="$(grep -o 'height="[0-9]*"' "$svg" | head -1 | tr -dc 0-9)"
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="960,$height" \
    --screenshot="$here/$lesson-$variant.png" "file://$svg" 2>/dev/null
  echo "$lesson/$variant: $here/$lesson-$variant.png"
done
