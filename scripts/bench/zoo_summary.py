"""Joins zoo_all.sh's tables into one: per model and batch, the median over runs of t2j / libtorch
(ZooBenchmark, same process), torchax / libtorch (torchax_bench.py, its own process) and their
quotient t2j / torchax; geomeans; and the training step's median ratio.

    python scripts/bench/zoo_summary.py OUT_DIR
"""
import glob
import math
import re
import statistics
import sys


def rows(pattern, name_col, ratio_col):
    """{(model, batch): [ratio per run]} from the Markdown tables of the files matching pattern."""
    found = {}
    for path in sorted(glob.glob(pattern)):
        for line in open(path):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) <= ratio_col or not cells[1].isdigit():
                continue
            model = cells[name_col].split(".")[0]
            found.setdefault((model, int(cells[1])), []).append(float(cells[ratio_col]))
    return found


def geomean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def main():
    out = sys.argv[1]
    t2j = rows(f"{out}/t2j.*.md", 0, 5)
    torchax = rows(f"{out}/torchax.*.md", 0, 5)
    print("| model | batch | t2j / libtorch | torchax / libtorch | t2j / torchax | runs |")
    print("| --- | --- | --- | --- | --- | --- |")
    cols = ([], [], [])
    for key in sorted(t2j):
        a = statistics.median(t2j[key])
        b = statistics.median(torchax[key]) if key in torchax else float("nan")
        cols[0].append(a)
        if key in torchax:
            cols[1].append(b)
            cols[2].append(a / b)
        print(f"| {key[0]} | {key[1]} | {a:.2f} | {b:.2f} | {a / b:.2f} | {len(t2j[key])} |")
    g = [geomean(c) for c in cols]
    print(f"| **geomean** | | **{g[0]:.2f}** | **{g[1]:.2f}** | **{g[2]:.2f}** | |")
    steps = []
    for path in sorted(glob.glob(f"{out}/training.*.md")):
        m = re.search(r"training step.*?\| \*\*([0-9.]+)\*\*", open(path).read())
        if m:
            steps.append(float(m.group(1)))
    if steps:
        print(f"\nResNet-18 training step, batch 8, t2j / libtorch: median {statistics.median(steps):.2f}"
              f" over {len(steps)} runs ({', '.join(f'{s:.2f}' for s in steps)})")


if __name__ == "__main__":
    main()
