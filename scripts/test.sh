#!/usr/bin/env bash
# The whole test suite, as CI runs it: starts what the tests need, then runs every test.
#
# A real single-node Son of Grid Engine is installed (from Debian's packages, if missing) and started by
# scripts/sge.sh; the tests that need it then FAIL if they cannot reach it (-Dqmr.test.sge=required).
# Set QMR_TEST_NO_SGE=1 on a machine where SGE cannot be installed: those tests are then skipped, not failed.
set -euo pipefail
cd "$(dirname "$0")/.."

sge=optional
if [ "${QMR_TEST_NO_SGE:-0}" != 1 ]; then
  scripts/sge.sh up
  eval "$(scripts/sge.sh env)"
  sge=required
fi
./mvnw -B verify -Dqmr.test.sge="$sge" "$@"
