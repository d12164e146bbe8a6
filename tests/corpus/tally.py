#!/usr/bin/env python3
"""Tallies a corpus run: reads the SARIF files run.sh wrote, keeps each unique (rule, code base, file, line, message)
once, joins them with verdicts.tsv and prints strict precision per rule and per code base, then every diagnostic
that has no verdict yet (as verdicts.tsv rows with an empty verdict, ready to be judged and pasted in).

Usage: tally.py <run folder: $CORPUS_DIR/out/<label>> [--verdicts FILE] [--code-base NAME ...] [--all]
  --all   also list every diagnostic with its verdict (the joined table), not only the unjudged ones.
"""
import argparse
import csv
import json
import os
import sys
from collections import defaultdict
from pathlib import Path
from urllib.parse import unquote, urlparse

HERE = Path(__file__).resolve().parent
CORPUS_DIR = Path(os.environ.get("CORPUS_DIR", "/work/corpus"))
COLUMNS = ["rule", "code_base", "file", "line", "message", "verdict", "reason"]


def relative_file(uri, code_base):
    """The path of a result's file relative to its code base's checkout (or to the corpus folder, for generated files)."""
    path = Path(unquote(urlparse(uri).path)) if uri.startswith("file:") else Path(uri)
    for root in (CORPUS_DIR / "src" / code_base, CORPUS_DIR):
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def not_counted():
    """Per code base, the path prefixes repos.tsv says are built but not measured (a submodule's own library)."""
    with open(HERE / "repos.tsv", encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {row["name"]: tuple((row.get("not_counted") or "").split()) for row in rows}


def read_run(run_dir, code_bases, is_rule=lambda rule: rule.startswith("TW")):
    """Unique diagnostics of every SARIF file under run_dir/<code base>/ (Threadwise's unless is_rule says otherwise),
    suppressed ones and those in paths repos.tsv does not count left out."""
    found = set()
    skipped = not_counted()
    for sarif in sorted(run_dir.glob("*/*.sarif")):
        code_base = sarif.parent.name
        if code_bases and code_base not in code_bases:
            continue
        try:
            with open(sarif, encoding="utf-8-sig") as f:
                log = json.load(f)
        except json.JSONDecodeError:
            print(f"unreadable (still being written?): {sarif}", file=sys.stderr)
            continue
        for run in log.get("runs", []):
            for result in run.get("results", []):
                rule = result.get("ruleId", "")
                if not is_rule(rule) or result.get("suppressions"):
                    continue
                for location in result.get("locations", [])[:1]:
                    physical = location["physicalLocation"]
                    file = relative_file(physical["artifactLocation"]["uri"], code_base)
                    if skipped.get(code_base) and file.startswith(skipped[code_base]):
                        continue
                    line = physical.get("region", {}).get("startLine", 0)
                    message = " ".join(result["message"]["text"].split())
                    found.add((rule, code_base, file, str(line), message))
    return found


def read_verdicts(path):
    verdicts = {}
    if not path.exists():
        return verdicts
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            key = tuple(row[c] for c in COLUMNS[:5])
            verdicts[key] = (row["verdict"].strip(), row.get("reason", ""))
    return verdicts


def table(title, groups):
    print(f"| {title} | diagnostics | TP | FP | unjudged | precision |")
    print("|---|---|---|---|---|---|")
    total = [0, 0, 0, 0]
    for name in sorted(groups, key=lambda n: (n.lower())):
        n, tp, fp, un = groups[name]
        total = [a + b for a, b in zip(total, (n, tp, fp, un))]
        print(f"| {name} | {n} | {tp} | {fp} | {un} | {precision(tp, fp)} |")
    n, tp, fp, un = total
    print(f"| **total** | **{n}** | **{tp}** | **{fp}** | {un} | **{precision(tp, fp)}** |")
    print()


def precision(tp, fp):
    return f"{100 * tp / (tp + fp):.0f}%" if tp + fp else "—"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--verdicts", type=Path, default=HERE / "verdicts.tsv")
    parser.add_argument("--code-base", nargs="*", default=[])
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args()

    found = read_run(args.run_dir, set(args.code_base))
    verdicts = read_verdicts(args.verdicts)
    by_rule = defaultdict(lambda: [0, 0, 0, 0])
    by_code_base = defaultdict(lambda: [0, 0, 0, 0])
    unjudged = []
    for key in sorted(found, key=lambda k: (k[1], k[0], k[2], int(k[3]), k[4])):
        verdict = verdicts.get(key, ("", ""))[0]
        column = {"TP": 1, "FP": 2}.get(verdict, 3)
        for group in (by_rule[key[0]], by_code_base[key[1]]):
            group[0] += 1
            group[column] += 1
        if column == 3:
            unjudged.append(key)

    print(f"{args.run_dir}: {len(found)} unique diagnostics, {len(found) - len(unjudged)} judged\n")
    table("rule", by_rule)
    table("code base", by_code_base)
    if args.all:
        print("## every diagnostic\n")
        for key in sorted(found, key=lambda k: (k[1], k[0], k[2], int(k[3]))):
            verdict, reason = verdicts.get(key, ("?", ""))
            print("\t".join((*key, verdict, reason)))
        print()
    if unjudged:
        print(f"## unjudged ({len(unjudged)})\n")
        print("\t".join(COLUMNS))
        for key in unjudged:
            print("\t".join((*key, "", "")))
    stale = [k for k in verdicts if k not in found and (not args.code_base or k[1] in args.code_base)]
    if stale:
        print(f"\n## verdicts with no diagnostic in this run ({len(stale)})\n", file=sys.stderr)
        for key in sorted(stale):
            print("\t".join(key), file=sys.stderr)


if __name__ == "__main__":
    main()
