#!/usr/bin/env bash
# The whole test suite, as CI runs it: starts what the tests need, then runs every test.
#
# A real single-node Son of Grid Engine and a real single-node Slurm are installed (from Debian's packages, if
# missing) and started by scripts/sge.sh and scripts/slurm.sh; the tests that need them then FAIL if they cannot
# reach them (-Dqmr.test.sge=required, -Dqmr.test.slurm=required). Set QMR_TEST_NO_SGE=1 or QMR_TEST_NO_SLURM=1 on
# a machine where one cannot be installed: its tests are then skipped, not failed.
#
# The scripts never touch a cluster they did not install (scripts/tests/safe-scripts.sh, run first, shows it): on a
# host whose SGE or Slurm someone else runs, QMR_TEST_EXISTING_SGE=1 or QMR_TEST_EXISTING_SLURM=1 uses it as it is
# (its programs must be on PATH) without calling up. The tests delete only the jobs they submitted.
# report.html is checked in a real browser: Debian's chromium and chromium-driver are installed where missing, and
# the browser test FAILS if it cannot start one. QMR_TEST_NO_BROWSER=1 skips it (with a message saying so).
# The multi-node cluster suite runs on scripts/cluster.sh's cluster beside the main build, once the runtime module is
# packaged (QMR_TEST_NO_CLUSTER=1 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/tests/safe-scripts.sh

sge=optional
if [ "${QMR_TEST_EXISTING_SGE:-0}" = 1 ]; then
  sge=required
elif [ "${QMR_TEST_NO_SGE:-0}" != 1 ]; then
  # one slot a core (sge.sh's default). 4 a core made SgeMapIT 758 -> 534 s when it ran alone, but in CI, where the
  # 2 cores are the bound, 684 -> 726 s, and with 8 array tasks killed at once SGE's execd sometimes reaps one only
  # 1-2 min later ("PTF complains: Job does not exist"), which failed a 30 s bound in StoppedBuildIT
  scripts/sge.sh up
  eval "$(scripts/sge.sh env)"
  sge=required
fi
slurm=optional
if [ "${QMR_TEST_EXISTING_SLURM:-0}" = 1 ]; then
  slurm=required
elif [ "${QMR_TEST_NO_SLURM:-0}" != 1 ]; then
  scripts/slurm.sh up
  eval "$(scripts/slurm.sh env)"
  slurm=required
fi
if [ "${QMR_TEST_NO_BROWSER:-0}" != 1 ]; then
  if ! { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }; then
    echo "test.sh: installing chromium and chromium-driver (Debian) for the report's browser test" >&2
    if ! DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=900 --no-install-recommends \
        install chromium chromium-driver >/tmp/qmr-chromium-apt.log 2>&1; then
      apt-get -o DPkg::Lock::Timeout=900 update >>/tmp/qmr-chromium-apt.log 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=900 --no-install-recommends \
          install chromium chromium-driver >>/tmp/qmr-chromium-apt.log 2>&1 || {
          cat /tmp/qmr-chromium-apt.log >&2
          echo "test.sh: apt-get install -y chromium chromium-driver failed (output above); fix apt, or set" \
            "QMR_TEST_NO_BROWSER=1 to skip the browser test" >&2
          exit 1
        }
    fi
  fi
fi
# The multi-node cluster starts while the main build runs (its daemons idle until its suite starts). Its suite runs
# from a copy of this checkout BESIDE the main build, once the runtime module is packaged: by then every dependency and
# plugin the suite's build needs is in the local repository (the head has no route out; failsafe came with the dummy
# Grid Engine's tests), so it runs during the runtime's real-queue tests, which mostly wait on their queues. The copy
# leaves every target/ out (the main build writes there meanwhile) and compiles anew. Neither the cluster's start nor
# its suite is on CI's critical path; a failure of either still fails the run, with its log.
tests_jar=qmr-runtime/target/qmr-runtime-$(sed -n 's|^  <version>\(.*\)</version>|\1|p' pom.xml | head -1)-tests.jar
rm -f "$tests_jar" # made anew when the runtime module is packaged
./mvnw -B verify -Dqmr.test.sge="$sge" -Dqmr.test.slurm="$slurm" "$@" &
main=$!
suite=
if [ "${QMR_TEST_NO_CLUSTER:-0}" != 1 ]; then
  cluster_suite() {
    if ! scripts/cluster.sh up; then
      echo "test.sh: scripts/cluster.sh up failed (its output above); QMR_TEST_NO_CLUSTER=1 skips the cluster suite"
      return 1
    fi
    until [ -f "$tests_jar" ]; do
      if ! kill -0 "$main" 2>/dev/null; then
        echo "test.sh: the main build ended before the runtime module was packaged ($tests_jar): the cluster suite did"
        echo "not run"
        return 1
      fi
      sleep 5
    done
    local copy
    copy=$(mktemp -d /tmp/qmr-cluster-suite.XXXXXX)
    tar -C . --exclude='./*/target' --exclude=./target -cf - . |
      tar -C "$copy" -xf -
    # ClusterMapIT's node-loss tests ask it (through the shared folder) to kill a node: the head cannot reach them
    scripts/cluster.sh serve-kills &
    local kills=$! rc=0
    # offline: the head has no route out, and the main build fetched everything
    (cd "$copy" && scripts/cluster.sh exec head -- ./mvnw -o -B -pl qmr-runtime -am verify -Dqmr.test.cluster=required \
      -Dit.test=ClusterMapIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
      -Dfailsafe.failIfNoSpecifiedTests=false) || rc=$?
    kill "$kills" 2>/dev/null || true
    rm -rf "$copy"
    return "$rc"
  }
  cluster_suite >/tmp/qmr-cluster-suite.log 2>&1 &
  suite=$!
  trap 'kill "$main" 2>/dev/null || true; wait "$suite" 2>/dev/null; scripts/cluster.sh down >&2 || true' EXIT
fi
main_rc=0
wait "$main" || main_rc=$?
suite_rc=0
if [ -n "$suite" ]; then
  wait "$suite" || suite_rc=$?
  # the multi-node cluster (scripts/cluster.sh: a head and 3 nodes in namespaces, the work dir on sshfs): the same
  # maps on its SGE and its Slurm, from the head, with results from several hosts
  echo "test.sh: the multi-node cluster suite (its log, /tmp/qmr-cluster-suite.log):" >&2
  cat /tmp/qmr-cluster-suite.log >&2
fi
if [ "$main_rc" != 0 ]; then
  echo "test.sh: the main build failed (exit code $main_rc)" >&2
  exit "$main_rc"
fi
if [ "$suite_rc" != 0 ]; then
  echo "test.sh: the multi-node cluster suite failed (exit code $suite_rc; its log above)" >&2
  exit "$suite_rc"
fi
