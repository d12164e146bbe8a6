#!/bin/bash
# Checks out every code base of repos.tsv at its pinned commit into $CORPUS_DIR/src/<name>, from the bare snapshots
# that the session's `fetch` tool leaves under $MIRROR_DIR/<owner>+<repo>/repo. Submodules are checked out the same way
# from their own snapshots (MailKit's MimeKit: fetch github:jstedfast/MimeKit too). Blobs a snapshot does not hold
# (large binaries: pdbs, exes, images) are left out; no compiled source depends on them. Every global.json is set aside
# (renamed global.json.corpus-aside): they pin SDKs this machine does not have, and the SDK resolver reads them from
# the project's folder.
# Usage: checkout.sh [name...]   (default: every code base)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
CORPUS_DIR=${CORPUS_DIR:-/work/corpus}
MIRROR_DIR=${MIRROR_DIR:-/work/.mirror}
mkdir -p "$CORPUS_DIR/src"

# checkout_tree GIT_DIR COMMIT DEST: writes the tree of COMMIT into DEST, then its submodules.
checkout_tree() {
  local git_dir=$1 commit=$2 dest=$3 index missing
  index=$(mktemp -u)
  GIT_INDEX_FILE=$index git --git-dir="$git_dir" --work-tree="$dest" read-tree "$commit"
  missing=$(GIT_INDEX_FILE=$index git --git-dir="$git_dir" --work-tree="$dest" ls-files -s | awk '$1 != "160000" {print $2}' |
    git -C "$git_dir" cat-file --batch-check='%(objectname) %(objecttype)' | awk '$2 == "missing" {print $1}' | sort -u)
  # Drop index entries whose blob is absent, and submodule links, then write the rest.
  GIT_INDEX_FILE=$index git --git-dir="$git_dir" --work-tree="$dest" ls-files -s |
    awk -v m="$missing" 'BEGIN { n = split(m, a, "\n"); for (i = 1; i <= n; i++) miss[a[i]] = 1 }
      miss[$2] || $1 == "160000" { sub(/^[^\t]*\t/, ""); print }' |
    GIT_INDEX_FILE=$index git --git-dir="$git_dir" --work-tree="$dest" update-index --force-remove --stdin
  GIT_INDEX_FILE=$index git --git-dir="$git_dir" --work-tree="$dest" checkout-index -a -f
  rm -f "$index"
  [[ -z "$missing" ]] || echo "  $(echo "$missing" | wc -l) absent blobs left out of $dest"
  git -C "$git_dir" ls-tree -r "$commit" | awk '$1 == "160000" {print $3, $4}' | while read -r sub_commit path; do
    local url sub_repo sub_git
    url=$(git -C "$git_dir" config --blob "$commit:.gitmodules" --get "submodule.$path.url" || true)
    sub_repo=$(echo "$url" | sed -E 's#^(https://|git@)github.com[:/]##; s#\.git$##')
    sub_git="$MIRROR_DIR/${sub_repo/\//+}/repo"
    if git -C "$sub_git" cat-file -e "$sub_commit^{commit}" 2>/dev/null; then
      echo "  submodule $path: $sub_repo at $sub_commit"
      mkdir -p "$dest/$path"
      checkout_tree "$sub_git" "$sub_commit" "$dest/$path"
    else
      echo "  submodule $path: $sub_repo $sub_commit not in $sub_git (fetch github:$sub_repo)" >&2
    fi
  done
}

tail -n +2 "$here/repos.tsv" | while IFS=$'\t' read -r name github commit _rest; do
  [[ $# -eq 0 || " $* " == *" $name "* ]] || continue
  git_dir="$MIRROR_DIR/${github/\//+}/repo"
  dest="$CORPUS_DIR/src/$name"
  if [[ ! -d "$git_dir" ]]; then echo "$name: no snapshot at $git_dir (fetch github:$github first)" >&2; continue; fi
  if ! git -C "$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null; then
    echo "$name: pinned commit $commit is not in the snapshot" >&2; continue
  fi
  if [[ -f "$dest/.corpus-commit" && "$(cat "$dest/.corpus-commit")" == "$commit" ]]; then
    echo "$name: already at $commit"; continue
  fi
  echo "$name: $github at $commit"
  rm -rf "$dest"; mkdir -p "$dest"
  checkout_tree "$git_dir" "$commit" "$dest"
  find "$dest" -name global.json -exec mv {} {}.corpus-aside \;
  echo "$commit" > "$dest/.corpus-commit"
done
