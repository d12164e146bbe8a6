#!/usr/bin/env python3
"""Hot spots of Threadwise in a sampled profile of the benchmark.

Input: the Speedscope file `dotnet-trace collect --profile dotnet-sampled-thread-time --format Speedscope` writes (evented
profiles, one per thread). Only time with a Threadwise.Analyzers frame on the stack counts; the compiler's own work (the
floor) and the benchmark's bookkeeping are left out. Prints, as shares of that time: Threadwise functions by inclusive time,
the analyzer callbacks (outermost Threadwise frame), the deepest Threadwise frame (its own time plus the Roslyn calls it
makes) and, for the heaviest of those, which Roslyn calls the time goes to. How to take the profile: README.md, Performance.

A gap between two events longer than --max-gap milliseconds (default 5) counts as --max-gap: the thread was suspended
(a garbage collection, the scheduler), and the whole pause would otherwise be charged to whatever frame it stopped in.

usage: hotspots.py FILE.speedscope.json [--top N] [--module Threadwise.Analyzers!] [--max-gap MS]
"""
import collections
import json
import re
import sys


def main(argv):
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        return 2
    path = argv[0]
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 25
    module = argv[argv.index("--module") + 1] if "--module" in argv else "Threadwise.Analyzers!"
    max_gap = float(argv[argv.index("--max-gap") + 1]) if "--max-gap" in argv else 5.0

    data = json.load(open(path, encoding="utf-8"))
    # Frame names carry the module ("Assembly!Namespace.Type.Method(args)"); drop the arguments.
    frames = [re.sub(r"\(.*$", "", f["name"]) for f in data["shared"]["frames"]]
    ours = [module in name for name in frames]
    inclusive, outermost, deepest = collections.Counter(), collections.Counter(), collections.Counter()
    callees = collections.defaultdict(collections.Counter)
    total = ours_total = 0.0

    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile.get("events", []):
            at = event["at"]
            if last is not None and stack and at > last:
                weight = min(at - last, max_gap)
                total += weight
                positions = [i for i, frame in enumerate(stack) if ours[frame]]
                if positions:
                    ours_total += weight
                    for name in {frames[stack[i]] for i in positions}:
                        inclusive[name] += weight
                    outermost[frames[stack[positions[0]]]] += weight
                    deep = frames[stack[positions[-1]]]
                    deepest[deep] += weight
                    below = positions[-1] + 1
                    callees[deep][frames[stack[below]] if below < len(stack) else "(self)"] += weight
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack and stack[-1] == event["frame"]:
                stack.pop()
            elif event["frame"] in stack:
                while stack and stack.pop() != event["frame"]:
                    pass

    if ours_total == 0:
        print(f"no samples with a {module} frame")
        return 1

    def short(name):
        return name.replace(module, "").replace("Microsoft.CodeAnalysis.CSharp!Microsoft.CodeAnalysis.CSharp.", "")

    def table(title, counter, n):
        print(f"\n{title}\n")
        print("| share | time | function |\n|---:|---:|---|")
        for name, weight in counter.most_common(n):
            print(f"| {weight / ours_total:.1%} | {weight / 1000:.2f} s | `{short(name)[:150]}` |")

    print(f"Sampled time with a {module} frame on the stack: {ours_total / 1000:.1f} s of {total / 1000:.1f} s on all threads.")
    table("Threadwise functions, inclusive:", inclusive, top)
    table("Analyzer callbacks (outermost Threadwise frame):", outermost, 12)
    table("Deepest Threadwise frame (own time and the Roslyn calls it makes):", deepest, 12)
    for name, _ in deepest.most_common(4):
        table(f"Calls made from `{short(name)}`:", callees[name], 4)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
