#!/usr/bin/env bash
# The pull rows of the benchmark (P1..P7, pull mode only) on the code before a change and on this checkout, in the
# same go, interleaved (base, this, base, this) so that load from others hits both: what an engine change moved.
# The same benchmark code runs on both sides (this checkout's Bench.java, with its functions and memory probe, is
# copied into the base's worktree).
#
#   scripts/bench-compare.sh <base commit>      e.g. scripts/bench-compare.sh 5d8704d
#   QMR_COMPARE_PASSES=1 scripts/bench-compare.sh 5d8704d   one pass each (default 2)
#
# Prints a table (row, base median, this median, ratio) and writes it to target/bench-compare.md. Needs the real
# SGE and Slurm (started if they are not running, as scripts/bench.sh does). Takes about 15 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
base_ref=${1:?usage: scripts/bench-compare.sh <base commit>}
here=$(pwd)
base_dir=$(mktemp -d /tmp/qmr-bench-base.XXXXXX)
trap 'git -C "$here" worktree remove --force "$base_dir" >/dev/null 2>&1 || rm -rf "$base_dir"' EXIT
git worktree add -q --detach "$base_dir" "$base_ref"
bench=qmr-runtime/src/test/java/io/github/qmr/bench
# the benchmark's own code; the base keeps its fakes of engine internals (InstantQueue, the JMH and claim benches),
# which follow the engine's classes of their side
cp "$bench"/{Bench,BenchFunctions,RssProbe}.java "$base_dir/$bench/"
out=target/bench-compare
rm -rf "$out" && mkdir -p "$out"
if [ "${QMR_TEST_NO_SGE:-0}" != 1 ]; then
  # both sides on the queue at one slot a core (the figures' basis; an older base's bench.sh does not set it)
  scripts/sge.sh up
fi
for pass in $(seq 1 "${QMR_COMPARE_PASSES:-2}"); do
  for side in base this; do
    dir=$here; [ "$side" = base ] && dir=$base_dir
    echo "bench-compare: pass $pass, $side ($(git -C "$dir" log --oneline -1 | cut -c1-60))"
    (cd "$dir" && QMR_BENCH_ONLY=pull QMR_BENCH_PULL_ONLY=1 scripts/bench.sh > "$here/$out/$side-$pass.log" 2>&1) \
      || { echo "bench-compare: the $side run failed; see $out/$side-$pass.log"; exit 1; }
    cp "$dir/qmr-runtime/target/bench/results.md" "$here/$out/$side-$pass.md"
  done
done
# each results.md row: | figure | baseline | measured (N runs: a b c) | ...: every run of both passes, by side
python3 - "$out" <<'PY'
import re, statistics, sys, glob, os
out = sys.argv[1]
runs = {}
for f in sorted(glob.glob(os.path.join(out, "*-*.md"))):
    side = os.path.basename(f).split("-")[0]
    for line in open(f):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("P"):
            continue
        m = re.search(r"\(\d+ runs?: ([^)]*)\)", cells[2])
        values = [float(v) for v in m.group(1).split()] if m else [float(cells[2].split()[0])]
        unit = cells[2].split()[1]
        runs.setdefault(cells[0], {}).setdefault(side, []).extend(values)
        runs[cells[0]]["unit"] = unit
lines = ["| row (pull mode) | base: median (runs) | this: median (runs) | this / base |", "|---|---|---|---|"]
for row, r in runs.items():
    b, t = r.get("base", []), r.get("this", [])
    if not b or not t:
        continue
    mb, mt = statistics.median(b), statistics.median(t)
    fmt = lambda v: ("%.2f" % v)
    lines.append("| %s | %s %s (%s) | %s %s (%s) | %.2f |" % (row, fmt(mb), r["unit"], " ".join(fmt(v) for v in b),
                 fmt(mt), r["unit"], " ".join(fmt(v) for v in t), mt / mb if mb else float("nan")))
table = "\n".join(lines)
print(table)
open(os.path.join(out, "..", "bench-compare.md"), "w").write(table + "\n")
PY
