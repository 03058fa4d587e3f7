#!/usr/bin/env bash
# The whole test suite, as CI runs it: starts what the tests need, then runs every test.
#
# A real single-node Son of Grid Engine and a real single-node Slurm are installed (from Debian's packages, if
# missing) and started by scripts/sge.sh and scripts/slurm.sh; the tests that need them then FAIL if they cannot
# reach them (-Dqmr.test.sge=required, -Dqmr.test.slurm=required). Set QMR_TEST_NO_SGE=1 or QMR_TEST_NO_SLURM=1 on
# a machine where one cannot be installed: its tests are then skipped, not failed.
set -euo pipefail
cd "$(dirname "$0")/.."

sge=optional
if [ "${QMR_TEST_NO_SGE:-0}" != 1 ]; then
  scripts/sge.sh up
  eval "$(scripts/sge.sh env)"
  sge=required
fi
slurm=optional
if [ "${QMR_TEST_NO_SLURM:-0}" != 1 ]; then
  scripts/slurm.sh up
  eval "$(scripts/slurm.sh env)"
  slurm=required
fi
./mvnw -B verify -Dqmr.test.sge="$sge" -Dqmr.test.slurm="$slurm" "$@"
