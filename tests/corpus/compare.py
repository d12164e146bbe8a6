#!/usr/bin/env python3
"""Threadwise against the peers on the corpus: which lines each reports that the other does not.

Reads a Threadwise run and a peers run (run.sh with an analyzer folder from peers.sh) of the same code bases, keys
every diagnostic by (code base, file, line), and prints per peer rule how many of its lines Threadwise also reports,
per Threadwise rule how many of its lines (and of its judged true positives, from verdicts.tsv) no peer reports, and
then every line only a peer reports, to be read for bugs Threadwise misses.

Usage: compare.py <Threadwise run folder> <peers run folder> [--code-base NAME ...]
"""
import argparse
from collections import Counter, defaultdict
from pathlib import Path

from tally import CORPUS_DIR, HERE, read_run, read_verdicts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("threadwise", type=Path)
    parser.add_argument("peers", type=Path)
    parser.add_argument("--code-base", nargs="*", default=[])
    args = parser.parse_args()

    ours = read_run(args.threadwise, args.code_base)
    # Only the peer rules peers.sh raised (the compiler's own warnings land in the same SARIF files).
    peer_rules = set((CORPUS_DIR / "analyzers" / args.peers.name / "rules.txt").read_text().split())
    theirs = read_run(args.peers, args.code_base, is_rule=lambda rule: rule in peer_rules)
    measured = {d[1] for d in theirs} | {p.name for p in args.peers.iterdir() if p.is_dir()}
    ours = {d for d in ours if d[1] in measured}
    verdicts = read_verdicts(HERE / "verdicts.tsv")

    our_lines = {(d[1], d[2], d[3]) for d in ours}
    peer_lines = defaultdict(set)
    for d in theirs:
        peer_lines[(d[1], d[2], d[3])].add(d[0])

    print(f"{len(ours)} Threadwise diagnostics, {len(theirs)} peer diagnostics, code bases: {', '.join(sorted(measured))}\n")
    print("| peer rule | diagnostics | on a line Threadwise also reports | only the peer |")
    print("|---|---:|---:|---:|")
    by_rule = Counter(d[0] for d in theirs)
    shared = Counter(d[0] for d in theirs if (d[1], d[2], d[3]) in our_lines)
    for rule in sorted(by_rule):
        print(f"| {rule} | {by_rule[rule]} | {shared[rule]} | {by_rule[rule] - shared[rule]} |")

    print("\n| Threadwise rule | diagnostics | TP | no peer on the line | TP no peer reports |")
    print("|---|---:|---:|---:|---:|")
    rows = defaultdict(Counter)
    for d in ours:
        tp = verdicts.get(d, ("",))[0] == "TP"
        alone = (d[1], d[2], d[3]) not in peer_lines
        rows[d[0]].update(total=1, tp=int(tp), alone=int(alone), tp_alone=int(tp and alone))
    for rule in sorted(rows):
        r = rows[rule]
        print(f"| {rule} | {r['total']} | {r['tp']} | {r['alone']} | {r['tp_alone']} |")
    total = sum(rows.values(), Counter())
    print(f"| **total** | **{total['total']}** | **{total['tp']}** | **{total['alone']}** | **{total['tp_alone']}** |")

    print("\n## Lines only a peer reports\n")
    for d in sorted(theirs, key=lambda d: (d[1], d[2], int(d[3]), d[0])):
        if (d[1], d[2], d[3]) not in our_lines:
            print("\t".join(d))


if __name__ == "__main__":
    main()
