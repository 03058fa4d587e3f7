# scripts/lib/common.sh - helpers shared by scripts/sge.sh and scripts/slurm.sh (sourced, not run).
#
# The sourcing script sets, before sourcing:
#   SCRIPT     its name for log lines, e.g. "sge.sh"
#   LOCK_FILE  the flock file serialising its up/down/purge/reset
#   PACKAGES   (array) the Debian packages it installs
#   T0         ${EPOCHREALTIME/[.,]/} at its start
# and may define on_exit (run at exit, after the temporary folder is removed).

TMP=""

# ---------------------------------------------------------------------------------------------
# logging and failure

elapsed() { # seconds since start, one decimal
  local now=${EPOCHREALTIME/[.,]/}
  local ms=$(((now - T0) / 1000))
  printf '%d.%d' $((ms / 1000)) $(((ms % 1000) / 100))
}

log() { printf '%s: [%ss] %s\n' "$SCRIPT" "$(elapsed)" "$*" >&2; }

# die WHAT COMMAND FIX [OUTPUT]
die() {
  local what=$1 cmd=${2:-} fix=${3:-} out=${4:-}
  log "ERROR: $what"
  [[ -n $cmd ]] && log "  command: $cmd"
  if [[ -n $out ]]; then
    log "  output:"
    printf '%s\n' "$out" | tail -n 60 | sed "s/^/$SCRIPT:     /" >&2
  fi
  [[ -n $fix ]] && log "  fix: $fix"
  exit 1
}

# require_ownership COMMAND NEVER FIX: refuse COMMAND unless the script's own ownership check (a function named
# ownership: 0 its own, 1 someone else's, 2 nothing there yet, with OWNERSHIP saying what was found) says so.
# NEVER says what the script never does to another's cluster; FIX how to go on.
require_ownership() {
  local rc=0
  ownership || rc=$?
  ((rc != 1)) && return 0
  die "refusing '$1': this host has $OWNERSHIP; $SCRIPT never $2 a cluster it did not install" "$0 $1" "$3"
}

# run WHAT FIX CMD... : run CMD, capture its output; on failure die with both
run() {
  local what=$1 fix=$2 out
  shift 2
  if ! out=$("$@" 2>&1); then
    die "$what" "$*" "$fix" "$out"
  fi
  RUN_OUT=$out
}

need_root() {
  [[ $EUID -eq 0 ]] || die "'$1' must run as root (it manages system packages and daemons)" \
    "$SCRIPT $1" "run it as root: sudo $0 $1"
}

make_tmp() {
  if [[ -z $TMP ]]; then
    TMP=$(mktemp -d "/tmp/qmr-${SCRIPT%.sh}.XXXXXX")
    trap 'rm -rf "$TMP"; [[ -z ${OWN_POLICY:-} ]] || rm -f "$OWN_POLICY"' EXIT
  fi
}

# no_daemon_starts CMD...: run CMD (an apt-get install) so that no package's postinst starts its daemon (the scripts
# start theirs in order, configured; an unconfigured one would only fail): through a policy-rc.d of our own where the
# machine has none, removed again after CMD (or by make_tmp's EXIT trap); a machine's own one is left as it is
OWN_POLICY=""
no_daemon_starts() {
  local policy=/usr/sbin/policy-rc.d rc=0
  if [[ -e $policy ]]; then
    "$@"
    return
  fi
  make_tmp
  OWN_POLICY=$policy
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  "$@" || rc=$?
  rm -f "$OWN_POLICY"
  OWN_POLICY=""
  return "$rc"
}

take_lock() { # serialise concurrent up/down/purge/reset; daemons are started with fd 9 closed, or they would hold it
  mkdir -p "${LOCK_FILE%/*}"
  exec 9>"$LOCK_FILE"
  if ! flock -w 900 9; then
    die "another $SCRIPT holds $LOCK_FILE for more than 900 s" "flock -w 900 $LOCK_FILE" \
      "find it with: fuser -v $LOCK_FILE"
  fi
}

is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }

usage() {
  sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0" >&2
}

# ---------------------------------------------------------------------------------------------
# daemons: alive = /proc/PID/stat names the daemon and its state is not Z (zombie) or X (dead).
# PID 1 here reaps orphans late, so "kill -0" succeeds on a dead daemon; do not use it.

proc_alive() { # PID NAME
  local pid=$1 name=$2 stat comm state
  is_uint "$pid" || return 1
  # (not $(<file): under set -e bash 5.2 exits when that file vanishes)
  read -r stat 2>/dev/null <"/proc/$pid/stat" || return 1
  comm=${stat#*\(}
  comm=${comm%\)*}
  state=${stat##*\) }
  state=${state%% *}
  [[ $comm == "$name" && $state != [ZXx] ]]
}

# daemon_pid NAME PIDFILE... : print the pid of the live daemon, else return 1
daemon_pid() {
  local name=$1 f pid d c
  shift
  for f in "$@"; do
    [[ -r $f ]] || continue
    pid=$(head -n 1 "$f" 2>/dev/null | tr -dc 0-9) || true
    if [[ -n $pid ]] && proc_alive "$pid" "$name"; then
      echo "$pid"
      return 0
    fi
  done
  # no (valid) pid file: look for the process itself (started by someone else, pid file lost), in this network
  # namespace only: a daemon of the same name in another one (scripts/cluster.sh's nodes) serves another cluster
  local own_net
  own_net=$(readlink /proc/self/ns/net 2>/dev/null) || own_net=""
  for d in /proc/[0-9]*; do
    pid=${d#/proc/}
    c=""
    read -r c 2>/dev/null <"$d/comm" || continue
    [[ $c == "$name" ]] || continue
    [[ $(readlink "$d/ns/net" 2>/dev/null) == "$own_net" ]] || continue
    if proc_alive "$pid" "$name"; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

# wait_gone SECONDS PID... : wait until none of the pids is a live process (whose name matches
# $DAEMON_NAMES, a glob; default any)
wait_gone() {
  local limit=$1 deadline p alive comm
  shift
  deadline=$((SECONDS + limit))
  while :; do
    alive=0
    for p in "$@"; do
      comm=""
      read -r comm 2>/dev/null <"/proc/$p/comm" || continue
      # shellcheck disable=SC2053 # a glob on purpose
      [[ $comm == ${DAEMON_NAMES:-*} ]] && proc_alive "$p" "$comm" && alive=1
    done
    ((alive)) || return 0
    ((SECONDS < deadline)) || return 1
    sleep 0.1
  done
}

# ---------------------------------------------------------------------------------------------
# packages

pkgs_installed() {
  local p st
  for p in "${PACKAGES[@]}"; do
    st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null) || return 1
    [[ $st == "ii"* ]] || return 1
  done
}

APT_UPDATED=0
apt_update() {
  ((APT_UPDATED)) && return 0
  log "apt-get update (package lists are missing or stale)"
  run "apt-get update failed" \
    "check the network to Debian's mirror and /etc/apt/sources.list*, then rerun $0 up" \
    apt-get -o DPkg::Lock::Timeout=900 update
  APT_UPDATED=1
}

# ---------------------------------------------------------------------------------------------
# jobs: only the caller's own qmr jobs (names starting with "qmr-") are ever deleted

# own_qmr_jobs ID_NAME_OWNER_LINES : the ids of lines "ID NAME OWNER" whose owner is the caller
# and whose name is a qmr job's
own_qmr_jobs() {
  local me
  me=$(id -un)
  awk -v me="$me" '$3 == me && $2 ~ /^qmr-/ { print $1 }'
}
