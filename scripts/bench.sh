#!/usr/bin/env bash
# The benchmark of issue 7: dispatch-bound maps, throughput and memory, worker start, bookkeeping at scale, on the
# real single-node SGE and the local queue. Prints a table (figure, baseline, measured, ratio, target, met?) and
# writes it to qmr-runtime/target/bench/results.md. Takes about 5 minutes.
#
#   scripts/bench.sh                 all figures
#   QMR_BENCH_ONLY=t1,jmh scripts/bench.sh   some of: t1 t2 t3 t4 jmh
#
# SGE is started if it is not running (without purging other users' jobs); QMR_TEST_NO_SGE=1 skips its figures.
# Timings on a shared 2-core machine are noisy: each figure is a median of several runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${QMR_TEST_NO_SGE:-0}" != 1 ]; then
  if ! scripts/sge.sh status >/dev/null 2>&1; then
    QMR_SGE_NO_PURGE=1 scripts/sge.sh up
  fi
  eval "$(scripts/sge.sh env)"
fi
offline=()
if [ "${QMR_BENCH_OFFLINE:-0}" = 1 ]; then offline=(-o); fi
./mvnw -B -q "${offline[@]}" -pl qmr-runtime -am test-compile exec:exec@bench -Dqmr.bench.only="${QMR_BENCH_ONLY:-all}"
