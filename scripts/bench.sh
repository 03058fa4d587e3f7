#!/usr/bin/env bash
# The benchmark: dispatch-bound maps, throughput and memory, worker start, bookkeeping at scale (issue 7), and pull
# mode by default against jobs mode (issue 10: rows P1..P7), on the real single-node SGE and Slurm and the local
# queue. Prints a table (figure, baseline, measured, ratio, target, met?) and writes it to
# qmr-runtime/target/bench/results.md. Takes about 20 minutes (5 of them the metadata rows at 100,000 chunks).
#
#   scripts/bench.sh                 all figures
#   QMR_BENCH_ONLY=pull,jmh scripts/bench.sh   some of: t1 t2 t3 t4 pull p7 jmh cds (cds: T3's first-map rows only)
#                                              meta (scripts/bench-metadata.sh: file-system calls per chunk, strace)
#
# SGE is brought up (its queue at one slot a core) and Slurm started if it is not running (the scripts never delete
# jobs); QMR_TEST_NO_SGE=1 or QMR_TEST_NO_SLURM=1 skips their figures.
# Timings on a shared 2-core machine are noisy: each figure is a median of several runs.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${QMR_TEST_NO_SGE:-0}" != 1 ]; then
  # always: up is idempotent, never deletes a job, and sets the queue's slots to one a core (the figures' basis)
  scripts/sge.sh up
  eval "$(scripts/sge.sh env)"
fi
if [ "${QMR_TEST_NO_SLURM:-0}" != 1 ]; then
  if ! scripts/slurm.sh status >/dev/null 2>&1; then
    # its saved state: a slurmctld found stopped may be a test's outage, whose jobs a wiped start would lose
    QMR_SLURM_KEEP_STATE=1 scripts/slurm.sh up
  fi
  eval "$(scripts/slurm.sh env)"
fi
offline=()
if [ "${QMR_BENCH_OFFLINE:-0}" = 1 ]; then offline=(-o); fi
./mvnw -B -q "${offline[@]}" -pl qmr-runtime -am test-compile exec:exec@bench -Dqmr.bench.only="${QMR_BENCH_ONLY:-all}"
# the metadata rows (issue 19 item 4) count system calls under strace, and the claim rows count them in 10 to 1,000
# fake workers: scripts of their own, run with "all" or "meta"
case ",${QMR_BENCH_ONLY:-all}," in
  *,all,*|*,meta,*) QMR_META_CHUNKS=${QMR_META_CHUNKS:-1000 10000 100000} scripts/bench-metadata.sh; scripts/bench-claims.sh ;;
esac
