#!/usr/bin/env bash
# Shows that scripts/sge.sh and scripts/slurm.sh never touch a cluster they did not install, and delete only the
# caller's own qmr jobs; and that scripts/cluster.sh refuses a folder it did not make. They run against stand-in installations (QMR_SGE_ROOT, QMR_SLURM_CONF_DIR) whose commands
# only record their calls, so the real SGE and Slurm of this machine are never touched. Run by scripts/test.sh.
# Needs root (the scripts refuse up/purge for anyone else before checking anything).
set -euo pipefail
cd "$(dirname "$0")/../.."

[[ $EUID -eq 0 ]] || { echo "safe-scripts.sh: FAILED: must run as root, as scripts/test.sh does" >&2; exit 1; }

T=$(mktemp -d /tmp/qmr-safe-scripts.XXXXXX)
trap 'rm -rf "$T"' EXIT
me=$(id -un)
failures=0
pass() { echo "safe-scripts.sh: ok: $*"; }
fail() { echo "safe-scripts.sh: FAILED: $*" >&2; failures=$((failures + 1)); }

# stub NAME BODY DIR: an executable that records "NAME ARGS" in $T/calls, then runs BODY
stub() {
  mkdir -p "$3"
  printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n%s\n' "$1" "$T" "$2" >"$3/$1"
  chmod 755 "$3/$1"
}

# The stand-ins list three jobs, minus those deleted: 101 another user's qmr job, 102 the caller's qmr job,
# 103 the caller's job of another tool.
: >"$T/deleted"
job_line() { # ID -> "ID NAME OWNER"
  case $1 in
    101) echo "101 qmr-20261127T010203Z-aaaa#000000001 alice" ;;
    102) echo "102 qmr-20261127T010203Z-bbbb#000000001 $me" ;;
    *) echo "103 nightly-build $me" ;;
  esac
}
for id in 101 102 103; do job_line "$id"; done >"$T/jobs"

# ---------------------------------------------------------------------------------------------
# SGE: a cell that someone else installed (its host_aliases is not what sge.sh writes)
sge=$T/sge
mkdir -p "$sge/default/common" "$sge/util"
printf 'cluster\n' >"$sge/default/common/bootstrap"
printf 'headnode localhost\nheadnode.example.org headnode\n' >"$sge/default/common/host_aliases"
printf '#!/bin/sh\necho lx-amd64\n' >"$sge/util/arch"
chmod 755 "$sge/util/arch"
bin=$sge/bin/lx-amd64
stub qstat "echo '<job_info><queue_info>'
grep -vwFf '$T/deleted' '$T/jobs' | awk '{ printf \"<job_list state=\\\"running\\\">\\n<JB_job_number>%s</JB_job_number>\\n<JB_name>%s</JB_name>\\n<JB_owner>%s</JB_owner>\\n</job_list>\\n\", \$1, \$2, \$3 }'
echo '</queue_info></job_info>'" "$bin"
stub qdel "for a; do case \$a in -*) ;; *) echo \$a >>'$T/deleted';; esac; done" "$bin"
for c in qconf qmod qsub sge_qmaster sge_execd; do stub "$c" "exit 0" "$bin"; done
sge_env=(env QMR_SGE_ROOT="$sge" QMR_SGE_SPOOL="$T/spool" QMR_SGE_LOCK="$T/sge.lock")
aliases_before=$(cat "$sge/default/common/host_aliases")

: >"$T/calls"
rc=0
"${sge_env[@]}" scripts/sge.sh up 2>"$T/err" || rc=$?
if ((rc == 1)) && grep -qF "refusing 'up': this host has an SGE cell in $sge/default/common that sge.sh did not install" "$T/err" \
  && grep -qF "QMR_TEST_EXISTING_SGE=1 scripts/test.sh" "$T/err"; then
  pass "sge.sh up refuses an SGE it did not install, saying how to proceed"
else
  fail "sge.sh up on a foreign SGE: exit $rc, stderr: $(cat "$T/err")"
fi
if [[ ! -s $T/calls && ! -e $sge/default/common/qmr-sge.sh-installed
  && $(cat "$sge/default/common/host_aliases") == "$aliases_before" ]]; then
  pass "sge.sh up ran no SGE command and changed nothing in the foreign cell"
else
  fail "sge.sh up touched the foreign SGE: calls: $(cat "$T/calls")"
fi
rc=0
"${sge_env[@]}" scripts/sge.sh purge 2>"$T/err" || rc=$?
if ((rc == 1)) && grep -qF "refusing 'purge'" "$T/err" && [[ ! -s $T/calls && ! -s $T/deleted ]]; then
  pass "sge.sh purge refuses the foreign SGE: the other user's job 101 is left alone"
else
  fail "sge.sh purge on a foreign SGE: exit $rc, deleted: $(cat "$T/deleted"), stderr: $(cat "$T/err")"
fi

# the same cell as this script writes it (host_aliases "HOST localhost"), from before it wrote markers
printf '%s localhost\n' "$(hostname)" >"$sge/default/common/host_aliases"
out=""
rc=0
out=$("${sge_env[@]}" scripts/sge.sh owner 2>&1) || rc=$?
if ((rc == 0)) && [[ $out == *"exactly what it writes"* ]]; then
  pass "sge.sh owner recognises an installation it made before it wrote markers"
else
  fail "sge.sh owner on a recognisable installation: exit $rc: $out"
fi

# its own installation: purge deletes the caller's qmr job only
touch "$sge/default/common/qmr-sge.sh-installed"
: >"$T/calls"
rc=0
"${sge_env[@]}" scripts/sge.sh purge 2>"$T/err" || rc=$?
if ((rc == 0)) && [[ $(cat "$T/deleted") == 102 ]] && grep -qF "qdel -f 102" "$T/calls"; then
  pass "sge.sh purge deletes only the caller's qmr job (102), not alice's (101) nor the caller's other job (103)"
else
  fail "sge.sh purge on its own SGE: exit $rc, deleted: $(cat "$T/deleted"), stderr: $(cat "$T/err")"
fi

# ---------------------------------------------------------------------------------------------
# Slurm: a slurm.conf that someone else wrote
: >"$T/deleted"
conf=$T/etc-slurm
mkdir -p "$conf"
printf 'ClusterName=site\nSlurmctldHost=headnode\n' >"$conf/slurm.conf"
sbin=$T/slurm-bin
stub squeue "grep -vwFf '$T/deleted' '$T/jobs'" "$sbin"
stub scancel "for a; do echo \$a >>'$T/deleted'; done" "$sbin"
stub scontrol "echo 'Slurmctld(primary) at headnode is UP'" "$sbin"
for c in sbatch sinfo slurmd slurmctld munged munge mungekey; do stub "$c" "exit 0" "$sbin"; done
slurm_env=(env PATH="$sbin:$PATH" QMR_SLURM_CONF_DIR="$conf" QMR_SLURM_LOCK="$T/slurm.lock")
conf_before=$(cat "$conf/slurm.conf")

: >"$T/calls"
rc=0
"${slurm_env[@]}" scripts/slurm.sh up 2>"$T/err" || rc=$?
if ((rc == 1)) && grep -qF "refusing 'up': this host has a Slurm configured in $conf/slurm.conf that slurm.sh did not write" "$T/err" \
  && [[ ! -s $T/calls && $(cat "$conf/slurm.conf") == "$conf_before" ]]; then
  pass "slurm.sh up refuses a Slurm it did not set up, runs no Slurm command and keeps its slurm.conf"
else
  fail "slurm.sh up on a foreign Slurm: exit $rc, calls: $(cat "$T/calls"), stderr: $(cat "$T/err")"
fi
rc=0
"${slurm_env[@]}" scripts/slurm.sh purge 2>"$T/err" || rc=$?
if ((rc == 1)) && grep -qF "refusing 'purge'" "$T/err" && [[ ! -s $T/deleted ]]; then
  pass "slurm.sh purge refuses the foreign Slurm: the other user's job 101 is left alone"
else
  fail "slurm.sh purge on a foreign Slurm: exit $rc, cancelled: $(cat "$T/deleted"), stderr: $(cat "$T/err")"
fi

# its own configuration (the marker line first): purge cancels the caller's qmr job only
printf '%s\nClusterName=qmr\n' "# Generated by qmr's scripts/slurm.sh; every \"slurm.sh up\" rewrites it" >"$conf/slurm.conf"
rc=0
"${slurm_env[@]}" scripts/slurm.sh purge 2>"$T/err" || rc=$?
if ((rc == 0)) && [[ $(cat "$T/deleted") == 102 ]]; then
  pass "slurm.sh purge cancels only the caller's qmr job (102), not alice's (101) nor the caller's other job (103)"
else
  fail "slurm.sh purge on its own Slurm: exit $rc, cancelled: $(cat "$T/deleted"), stderr: $(cat "$T/err")"
fi

# ---------------------------------------------------------------------------------------------
# cluster.sh: a QMR_CLUSTER_ROOT that someone else filled (no marker): every command that acts refuses, before it
# makes a namespace, starts a process or writes a file
croot=$T/cluster-root
mkdir -p "$croot"
printf 'not ours\n' >"$croot/their-file"
cluster_env=(env QMR_CLUSTER_ROOT="$croot" QMR_CLUSTER_LOCK="$T/cluster.lock")
netns_before=$(ip netns list 2>/dev/null || true)
for cmd in up down "kill-node node1" "revive-node node1" serve-kills; do
  rc=0
  # shellcheck disable=SC2086 # the command and its argument (timeout: a serve-kills that did not refuse would serve)
  timeout 60 "${cluster_env[@]}" scripts/cluster.sh $cmd 2>"$T/err" || rc=$?
  if ((rc == 1)) && grep -qF "refusing '${cmd%% *}': this host has a non-empty $croot without cluster.sh's marker" "$T/err"; then
    pass "cluster.sh $cmd refuses a QMR_CLUSTER_ROOT it did not make"
  else
    fail "cluster.sh $cmd on a foreign QMR_CLUSTER_ROOT: exit $rc, stderr: $(cat "$T/err")"
  fi
done
if [[ $(ls -A "$croot") == their-file && $(ip netns list 2>/dev/null || true) == "$netns_before" ]]; then
  pass "cluster.sh wrote nothing into the foreign folder and made no network namespace"
else
  fail "cluster.sh touched the foreign folder ($(ls -A "$croot" | tr '\n' ' ')) or made a namespace"
fi

if ((failures)); then
  echo "safe-scripts.sh: $failures check(s) FAILED" >&2
  exit 1
fi
echo "safe-scripts.sh: all checks passed"
