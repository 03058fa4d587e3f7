#!/usr/bin/env bash
# sge.sh - a real single-node Son of Grid Engine (Debian's gridengine 8.1.9 packages) for qmr.
#
# Usage: scripts/sge.sh <command>
#   up      install the packages if missing, configure, start qmaster and execd (idempotent),
#           wait until the queue all.q@<host> is ready. Never deletes a job.
#   down    stop execd and qmaster cleanly (qconf -ke all, qconf -km); SIGTERM/SIGKILL fallback
#   status  exit 0 and print a one-line summary on stdout if ready; non-zero and the reason if not
#   purge   delete the caller's own qmr jobs (names starting with qmr-), left by stopped test runs
#   owner   say whether this script made the installation here (exit 0) or not (exit 1)
#   env     print export lines for SGE_ROOT, SGE_CELL and PATH (real binaries, not the /usr/bin
#           wrapper scripts); use:  eval "$(scripts/sge.sh env)"
#   reset   stop, apt-get purge the gridengine packages, delete /var/lib/gridengine and
#           /var/spool/gridengine (the next "up" is a fresh install)
#
# Safety: up, down, purge and reset act only on an SGE this script installed. It marks its
# installation with the file default/common/qmr-sge.sh-installed; an installation without it
# counts as its own only if its host_aliases is exactly what this script writes (then it is
# marked). Any other SGE is refused with what was found and how to proceed; jobs of other users,
# and the caller's jobs that qmr did not name, are never deleted.
#
# Environment (all optional):
#   QMR_SGE_SLOTS         slots of all.q (default: $(nproc))
#   QMR_SGE_TIMEOUT       seconds to wait for the daemons to become ready (default 60)
#   QMR_SGE_STOP_TIMEOUT  seconds to wait for a clean stop before SIGTERM (default 30)
#   QMR_SGE_NO_PURGE=1    accepted for compatibility; "up" never deletes jobs
#   QMR_SGE_ROOT, QMR_SGE_SPOOL, QMR_SGE_LOCK   where SGE lives (default /var/lib/gridengine,
#                         /var/spool/gridengine) and the lock file: for testing this script
#                         against a stand-in installation
#
# Exit codes: 0 ok; 1 failure (reason on stderr); 2 usage; 3 (status) not installed;
#             4 (status) daemons not running; 5 (status) running but not ready.
# Requires root for up/down/purge/reset. Logs go to stderr, prefixed "sge.sh:".
# Facts behind the choices: /work/shared/facts/sge-localhost.md

set -euo pipefail

readonly SCRIPT=sge.sh
readonly SGE_ROOT_DIR=${QMR_SGE_ROOT:-/var/lib/gridengine}
readonly SGE_CELL_NAME=default
readonly SPOOL_DIR=${QMR_SGE_SPOOL:-/var/spool/gridengine}
readonly QMASTER_SPOOL=$SPOOL_DIR/qmaster
readonly EXECD_SPOOL=$SPOOL_DIR/execd
readonly QMASTER_PIDFILE=$QMASTER_SPOOL/qmaster.pid
readonly QMASTER_MESSAGES=$QMASTER_SPOOL/messages
readonly COMMON_DIR=$SGE_ROOT_DIR/$SGE_CELL_NAME/common
readonly HOST_ALIASES=$COMMON_DIR/host_aliases
readonly ACT_QMASTER=$COMMON_DIR/act_qmaster
readonly PACKAGES=(gridengine-common gridengine-master gridengine-exec gridengine-client)
readonly QUEUE=all.q
readonly LOCK_FILE=${QMR_SGE_LOCK:-/run/lock/qmr-sge.lock}
readonly OWN_MARKER=$COMMON_DIR/qmr-sge.sh-installed
readonly DAEMON_NAMES='sge_*'

SGE_ARCH_NAME=lx-amd64
if [[ -x $SGE_ROOT_DIR/util/arch ]]; then
  SGE_ARCH_NAME=$("$SGE_ROOT_DIR/util/arch" 2>/dev/null || echo lx-amd64)
fi
readonly SGE_ARCH_NAME
readonly BIN=$SGE_ROOT_DIR/bin/$SGE_ARCH_NAME

export SGE_ROOT=$SGE_ROOT_DIR SGE_CELL=$SGE_CELL_NAME
export PATH=$BIN:$PATH
export LC_ALL=C

HOST=$(hostname)
readonly HOST
TIMEOUT=${QMR_SGE_TIMEOUT:-60}
STOP_TIMEOUT=${QMR_SGE_STOP_TIMEOUT:-30}
T0=${EPOCHREALTIME/[.,]/}

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

# ---------------------------------------------------------------------------------------------
# diagnostics

logs_hint() {
  local f hint="daemon logs: $QMASTER_MESSAGES"
  for f in "$EXECD_SPOOL"/*/messages; do
    [[ -e $f ]] && hint+=", $f"
  done
  [[ -e "$EXECD_SPOOL/$HOST/messages" || -e "$EXECD_SPOOL/localhost/messages" ]] ||
    hint+=", $EXECD_SPOOL/<host>/messages"
  hint+=" (errors before the spool is usable: /tmp/qmaster_messages*, /tmp/execd_messages*)"
  printf '%s' "$hint"
}

# diag [EXTRA_FILE...]: labelled tails of the daemons' logs (and qstat -f if the qmaster answers)
diag() {
  local f
  for f in "$@"; do
    [[ -s $f ]] && { echo "--- $f"; tail -n 10 "$f"; }
  done
  if qconf -sh >/dev/null 2>&1; then
    echo "--- qstat -f"
    qstat -f 2>&1 | head -n 12
  fi
  for f in "$QMASTER_MESSAGES" "$EXECD_SPOOL"/*/messages /tmp/qmaster_messages* /tmp/execd_messages*; do
    [[ -s $f ]] && { echo "--- tail $f"; tail -n 8 "$f"; }
  done
  return 0
}

# ---------------------------------------------------------------------------------------------
# daemons: alive = /proc/PID/stat names the daemon and its state is not Z (zombie) or X (dead).
# PID 1 here reaps orphans late, so "kill -0" succeeds on a dead daemon; do not use it.

qmaster_pid() { daemon_pid sge_qmaster "$QMASTER_PIDFILE"; }
execd_pid() { daemon_pid sge_execd "$EXECD_SPOOL"/*/execd.pid; }

# ---------------------------------------------------------------------------------------------
# packages

install_pkgs() {
  pkgs_installed && return 0
  make_tmp
  log "installing ${PACKAGES[*]}"
  local p
  for p in "${PACKAGES[@]}"; do
    printf '%s shared/gridengineconfig boolean true\n' "$p"
    printf '%s shared/gridenginecell string %s\n' "$p" "$SGE_CELL_NAME"
    printf '%s shared/gridenginemaster string %s\n' "$p" "$HOST"
  done >"$TMP/debconf"
  run "debconf preseeding failed" "fix debconf (dpkg --configure -a), then rerun $0 up" \
    debconf-set-selections "$TMP/debconf"
  if ! apt-cache show gridengine-master gridengine-exec gridengine-client >/dev/null 2>&1; then
    apt_update
  fi
  local cmd=(apt-get -y -q -o DPkg::Lock::Timeout=900 --no-install-recommends
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold
    install "${PACKAGES[@]}")
  if ! DEBIAN_FRONTEND=noninteractive "${cmd[@]}" >"$TMP/apt.log" 2>&1; then
    if ((APT_UPDATED)); then
      die "package installation failed" "${cmd[*]}" \
        "read the output above; if dpkg was interrupted run: dpkg --configure -a; then rerun $0 up" \
        "$(cat "$TMP/apt.log")"
    fi
    log "apt-get install failed, retrying once after apt-get update"
    apt_update
    DEBIAN_FRONTEND=noninteractive "${cmd[@]}" >"$TMP/apt.log" 2>&1 ||
      die "package installation failed" "${cmd[*]}" \
        "read the output above; if dpkg was interrupted run: dpkg --configure -a; then rerun $0 up" \
        "$(cat "$TMP/apt.log")"
  fi
  pkgs_installed || die "packages still not installed after apt-get install" \
    "dpkg-query -W ${PACKAGES[*]}" "check: dpkg -l 'gridengine*'; dpkg --configure -a" \
    "$(dpkg -l 'gridengine*' 2>&1 || true)"
  log "packages installed"
}

check_cell() { # the postinst creates the cell only on a first install
  local f missing=()
  for f in "$COMMON_DIR/bootstrap" "$BIN/sge_qmaster" "$BIN/sge_execd" "$BIN/qconf"; do
    [[ -e $f ]] || missing+=("$f")
  done
  if [[ ! -d $SPOOL_DIR/spooldb ]] || [[ -z $(ls -A "$SPOOL_DIR/spooldb" 2>/dev/null) ]]; then
    missing+=("$SPOOL_DIR/spooldb/*")
  fi
  ((${#missing[@]} == 0)) || die "gridengine is installed but its cell is incomplete (missing: ${missing[*]})" \
    "test -e ${missing[*]}" \
    "reinstall from scratch: $0 reset && $0 up (deletes all SGE state)"
}

# ---------------------------------------------------------------------------------------------
# host names (before the qmaster starts)

# The hostname and localhost both resolve to 127.0.0.1 here, so the qmaster sees clients as
# "localhost" and denies them ("client IP resolved to host name localhost. This is not identical
# to clients host name vm"). host_aliases maps localhost to the hostname.
ensure_host_files() {
  local changed=0 line="$HOST localhost"
  if ! grep -qxF "$line" "$HOST_ALIASES" 2>/dev/null; then
    if [[ -s $HOST_ALIASES ]]; then
      # keep other alias lines, drop lines that mention localhost or this host
      grep -vwE "localhost|$(printf '%s' "$HOST" | sed 's/[.]/[.]/g')" "$HOST_ALIASES" >"$HOST_ALIASES.new" || true
    else
      : >"$HOST_ALIASES.new"
    fi
    printf '%s\n' "$line" >>"$HOST_ALIASES.new"
    chmod 644 "$HOST_ALIASES.new"
    chown sgeadmin:sgeadmin "$HOST_ALIASES.new" 2>/dev/null || true
    mv -f "$HOST_ALIASES.new" "$HOST_ALIASES"
    log "wrote '$line' to $HOST_ALIASES"
    changed=1
  fi
  if [[ $(cat "$ACT_QMASTER" 2>/dev/null) != "$HOST" ]]; then
    printf '%s\n' "$HOST" >"$ACT_QMASTER"
    chown sgeadmin:sgeadmin "$ACT_QMASTER" 2>/dev/null || true
    log "wrote '$HOST' to $ACT_QMASTER"
    changed=1
  fi
  # check SGE's own view: this host's name, and the name the qmaster gives a client from our IP
  local me ip peer
  me=$("$BIN/gethostname" -aname 2>/dev/null || true)
  ip=$(getent ahostsv4 "$HOST" 2>/dev/null | awk 'NR == 1 { print $1 }' || true)
  peer=""
  [[ -n $ip ]] && peer=$("$BIN/gethostbyaddr" -aname "$ip" 2>/dev/null || true)
  if [[ $me != "$HOST" || $peer != "$HOST" ]]; then
    die "SGE resolves this host inconsistently: hostname '$HOST', SGE's name '$me', name of $ip '$peer'" \
      "$BIN/gethostname -aname; $BIN/gethostbyaddr -aname $ip" \
      "make '$HOST' resolve (getent hosts $HOST) and fix $HOST_ALIASES (line: '$HOST localhost')"
  fi
  HOSTS_CHANGED=$changed
}

# ---------------------------------------------------------------------------------------------
# start / stop

qmaster_answers() { qconf -sh >/dev/null 2>&1; }

start_qmaster() {
  local pid
  if pid=$(qmaster_pid); then
    log "qmaster already running (pid $pid)"
  else
    make_tmp
    log "starting qmaster"
    (cd / && exec setsid "$BIN/sge_qmaster") </dev/null >"$TMP/qmaster.out" 2>&1 ||
      die "sge_qmaster failed to start" "setsid $BIN/sge_qmaster" \
        "read $(logs_hint)" "$(diag "$TMP/qmaster.out")"
  fi
  local deadline=$((SECONDS + TIMEOUT)) dead_since=""
  until qmaster_answers; do
    if ! qmaster_pid >/dev/null; then
      # it may still be forking into the background: give it a moment before calling it dead
      [[ -n $dead_since ]] || dead_since=$SECONDS
      if ((SECONDS - dead_since >= 3)); then
        die "sge_qmaster exited during start-up" "setsid $BIN/sge_qmaster" \
          "read $(logs_hint)" \
          "$(diag "$TMP/qmaster.out")"
      fi
    else
      dead_since=""
    fi
    if ((SECONDS >= deadline)); then
      die "qmaster does not answer after ${TIMEOUT} s" "qconf -sh" \
        "read $(logs_hint); restart with: $0 down && $0 up" \
        "$(qconf -sh 2>&1; diag "$TMP/qmaster.out")"
    fi
    sleep 0.1
  done
}

start_execd() {
  local pid
  if pid=$(execd_pid); then
    log "execd already running (pid $pid)"
    return 0
  fi
  make_tmp
  log "starting execd"
  (cd / && exec setsid "$BIN/sge_execd") </dev/null >"$TMP/execd.out" 2>&1 ||
    die "sge_execd failed to start" "setsid $BIN/sge_execd" \
      "read $(logs_hint)" "$(diag "$TMP/execd.out")"
}

stop_daemons() { # [PASS]
  local pass=${1:-1} qm="" ex=""
  qm=$(qmaster_pid) || qm=""
  ex=$(execd_pid) || ex=""
  if [[ -z $qm && -z $ex ]]; then
    log "already stopped"
    return 0
  fi
  log "stopping (qmaster pid ${qm:-none}, execd pid ${ex:-none})"
  if [[ -n $qm ]]; then
    [[ -n $ex ]] && { qconf -ke all >/dev/null 2>&1 || log "qconf -ke all failed, will signal execd"; }
    qconf -km >/dev/null 2>&1 || log "qconf -km failed, will signal qmaster"
  fi
  if ! wait_gone "$STOP_TIMEOUT" $qm $ex; then
    log "not stopped after ${STOP_TIMEOUT} s, sending SIGTERM"
    local p
    for p in $qm $ex; do kill -TERM "$p" 2>/dev/null || true; done
    if ! wait_gone 5 $qm $ex; then
      log "still running after SIGTERM, sending SIGKILL"
      for p in $qm $ex; do kill -KILL "$p" 2>/dev/null || true; done
      wait_gone 5 $qm $ex ||
        die "daemons survive SIGKILL (pids: $qm $ex)" "kill -KILL $qm $ex" \
          "look at: ps -o pid,stat,cmd -p ${qm:-0},${ex:-0}; $(logs_hint)"
    fi
  fi
  # a daemon that came up meanwhile (e.g. started by another tool) gets one more pass
  if qmaster_pid >/dev/null || execd_pid >/dev/null; then
    ((pass < 3)) || die "daemons keep coming back after being stopped" "qconf -km; kill" \
      "find who starts them: ps -eo pid,ppid,cmd | grep sge_"
    stop_daemons $((pass + 1))
    return
  fi
  log "stopped"
}

# ---------------------------------------------------------------------------------------------
# configuration (needs a running qmaster); every step compares first and changes only what differs

# normalise "qconf -s..." output: join "\" continuation lines, squeeze blanks, drop comments
normalise() {
  awk '{ line = line $0 }
       /\\$/ { sub(/\\$/, "", line); next }
       { gsub(/[ \t]+/, " ", line); sub(/^ /, "", line); sub(/ $/, "", line)
         if (line != "" && line !~ /^#/) print line; line = "" }'
}

# apply_settings IN OUT KEY=VALUE... : OUT = normalised IN with the keys set; returns 0 if changed
apply_settings() {
  local in=$1 out=$2
  shift 2
  printf '%s\n' "$@" >"$out.want"
  normalise <"$in" >"$out.cur"
  awk 'NR == FNR { i = index($0, "="); want[substr($0, 1, i - 1)] = substr($0, i + 1); order[++n] = substr($0, 1, i - 1); next }
       { k = $1; v = substr($0, length(k) + 2)
         if (k in want) { if (v != want[k]) changed = 1; print k " " want[k]; seen[k] = 1 }
         else print }
       END { for (j = 1; j <= n; j++) if (!(order[j] in seen)) { print order[j] " " want[order[j]]; changed = 1 }
             exit changed ? 0 : 1 }' "$out.want" "$out.cur" >"$out"
}

configure() {
  make_tmp
  local changed=()

  # global configuration: root may submit, fast load reports, accounting flushed every second
  run "cannot read the global configuration" "read $(logs_hint)" qconf -sconf global
  printf '%s\n' "$RUN_OUT" >"$TMP/global.in"
  mkdir -p "$TMP/conf"
  if apply_settings "$TMP/global.in" "$TMP/conf/global" \
    "min_uid=0" "min_gid=0" "load_report_time=00:00:01" "administrator_mail=none" \
    "reporting_params=accounting=true reporting=false flush_time=00:00:01 joblog=false sharelog=00:00:00"; then
    run "cannot modify the global configuration" "read $(logs_hint)" qconf -Mconf "$TMP/conf/global"
    changed+=(global-config)
  fi

  # scheduler: dispatch within about a second
  run "cannot read the scheduler configuration" "read $(logs_hint)" qconf -ssconf
  printf '%s\n' "$RUN_OUT" >"$TMP/sconf.in"
  if apply_settings "$TMP/sconf.in" "$TMP/sconf" \
    "schedule_interval=0:0:1" "flush_submit_sec=1" "flush_finish_sec=1" \
    "job_load_adjustments=NONE" "load_adjustment_decay_time=0:0:0"; then
    run "cannot modify the scheduler configuration" "read $(logs_hint)" qconf -Msconf "$TMP/sconf"
    changed+=(scheduler)
  fi

  # this host as admin, submit and execution host
  if ! qconf -sh 2>/dev/null | grep -qxF "$HOST"; then
    run "cannot add $HOST as admin host" "read $(logs_hint)" qconf -ah "$HOST"
    changed+=(admin-host)
  fi
  if ! qconf -ss 2>/dev/null | grep -qxF "$HOST"; then
    run "cannot add $HOST as submit host" "read $(logs_hint)" qconf -as "$HOST"
    changed+=(submit-host)
  fi
  if ! qconf -se "$HOST" >/dev/null 2>&1; then
    printf '%s\n' "hostname $HOST" "load_scaling NONE" "complex_values NONE" "user_lists NONE" \
      "xuser_lists NONE" "projects NONE" "xprojects NONE" "usage_scaling NONE" \
      "report_variables NONE" >"$TMP/exechost"
    run "cannot add $HOST as execution host" "read $(logs_hint)" qconf -Ae "$TMP/exechost"
    changed+=(exec-host)
  fi

  # the queue
  local slots=$SLOTS
  local q=("hostlist=$HOST" "slots=$slots" "load_thresholds=NONE" "suspend_thresholds=NONE"
    "pe_list=NONE" "shell=/bin/sh" "shell_start_mode=posix_compliant" "qtype=BATCH INTERACTIVE"
    "rerun=FALSE" "tmpdir=/tmp" "initial_state=default")
  if qconf -sq "$QUEUE" >"$TMP/queue.in" 2>/dev/null; then
    if apply_settings "$TMP/queue.in" "$TMP/queue" "${q[@]}"; then
      run "cannot modify queue $QUEUE" "read $(logs_hint)" qconf -Mq "$TMP/queue"
      changed+=("$QUEUE")
    fi
  else
    # take the template from qconf itself: an "editor" that sets our values in place
    printf '%s\n' "${q[@]}" >"$TMP/queue.want"
    cat >"$TMP/editor" <<EOF
#!/bin/sh
awk 'NR == FNR { i = index(\$0, "="); want[substr(\$0, 1, i - 1)] = substr(\$0, i + 1); next }
     (\$1 in want) { print \$1 " " want[\$1]; next } { print }' "$TMP/queue.want" "\$1" >"\$1.new" &&
cat "\$1.new" >"\$1" && rm -f "\$1.new"
EOF
    chmod 755 "$TMP/editor"
    run "cannot add queue $QUEUE" "read $(logs_hint)" env EDITOR="$TMP/editor" VISUAL="$TMP/editor" qconf -aq "$QUEUE"
    changed+=("$QUEUE(new)")
  fi

  if ((${#changed[@]})); then
    log "configured: ${changed[*]}"
  else
    log "configuration already in place"
  fi
}

# ---------------------------------------------------------------------------------------------
# readiness

# ready_reason: print nothing and return 0 if ready; else print why and return 1
ready_reason() {
  local out
  if ! out=$(qselect -q "$QUEUE@$HOST" 2>&1) || [[ $out != "$QUEUE@$HOST" ]]; then
    printf 'queue %s not found: %s' "$QUEUE@$HOST" "${out:-no output}"
    return 1
  fi
  out=$(qselect -q "$QUEUE@$HOST" -qs uaAcCdDEsSo 2>&1) || true
  if [[ -n $out ]]; then
    local st
    st=$(qstat -f -q "$QUEUE@$HOST" 2>/dev/null | awk -v q="$QUEUE@$HOST" '$1 == q { print $6 }')
    printf 'queue %s is in state "%s" (u = execd has not reported yet, E = error, d = disabled)' \
      "$QUEUE@$HOST" "${st:-?}"
    return 1
  fi
  return 0
}

queue_state() {
  qstat -f -q "$QUEUE@$HOST" 2>/dev/null | awk -v q="$QUEUE@$HOST" '$1 == q { print $6 }'
}

wait_ready() {
  local deadline=$((SECONDS + TIMEOUT)) reason st fixed=""
  while ! reason=$(ready_reason); do
    # states left over from earlier runs: clear them once
    st=$(queue_state)
    if [[ $st == *E* && $fixed != *E* ]]; then
      log "clearing error state of $QUEUE@$HOST (qmod -c)"
      qmod -c "$QUEUE@$HOST" >/dev/null 2>&1 || true
      fixed+=E
    fi
    if [[ $st == *d* && $fixed != *d* ]]; then
      log "enabling disabled queue $QUEUE@$HOST (qmod -e)"
      qmod -e "$QUEUE@$HOST" >/dev/null 2>&1 || true
      fixed+=d
    fi
    if [[ $st == *s* && $fixed != *s* ]]; then
      log "unsuspending queue $QUEUE@$HOST (qmod -usq)"
      qmod -usq "$QUEUE@$HOST" >/dev/null 2>&1 || true
      fixed+=s
    fi
    if ! execd_pid >/dev/null; then
      die "sge_execd is not running: $reason" "setsid $BIN/sge_execd" \
        "read $(logs_hint)" "$(diag "$TMP/execd.out")"
    fi
    if ! qmaster_pid >/dev/null; then
      die "sge_qmaster is not running: $reason" "setsid $BIN/sge_qmaster" \
        "read $(logs_hint)" "$(diag)"
    fi
    if ((SECONDS >= deadline)); then
      die "not ready after ${TIMEOUT} s: $reason" \
        "qselect -q $QUEUE@$HOST -qs uaAcCdDEsSo; qstat -f" \
        "read $(logs_hint); raise QMR_SGE_TIMEOUT or restart: $0 down && $0 up" \
        "$(diag "$TMP/execd.out")"
    fi
    sleep 0.1
  done
}

# ---------------------------------------------------------------------------------------------
# jobs

# sge_jobs: "ID NAME OWNER" of each job the qmaster lists for the caller (an array job once per task)
sge_jobs() {
  qstat -u "$(id -un)" -xml 2>/dev/null | awk '
    /<JB_job_number>/ { v = $0; gsub(/.*<JB_job_number>|<\/JB_job_number>.*/, "", v); id = v }
    /<JB_name>/ { v = $0; gsub(/.*<JB_name>|<\/JB_name>.*/, "", v); name = v }
    /<JB_owner>/ { v = $0; gsub(/.*<JB_owner>|<\/JB_owner>.*/, "", v); owner = v }
    /<\/job_list>/ { if (id != "") print id, name, owner; id = name = owner = "" }'
}

# purge_jobs: delete the caller's jobs named qmr-* (what stopped test runs leave); nothing else
purge_jobs() {
  local ids me
  me=$(id -un)
  ids=$(sge_jobs | own_qmr_jobs | sort -u | tr '\n' ' ')
  if [[ -z ${ids// /} ]]; then
    log "purged: $me has no qmr job (name qmr-*) to delete"
    return 0
  fi
  # shellcheck disable=SC2086 # one word per job id
  run "cannot delete the jobs $ids" "read $(logs_hint)" qdel -f $ids
  local deadline=$((SECONDS + 15)) left
  while :; do
    left=$(sge_jobs | awk -v ids=" $ids " 'index(ids, " " $1 " ") { print $1 }' | sort -u | wc -l)
    ((left == 0)) && break
    if ((SECONDS >= deadline)); then
      die "$left job(s) still listed 15 s after qdel -f $ids" "qstat -u $me" \
        "read $(logs_hint); retry: $0 purge" "$(qstat -u "$me" 2>&1)"
    fi
    sleep 0.2
  done
  log "purged: $(wc -w <<<"$ids") job(s) of $me named qmr-* deleted (no other job touched)"
}

# ---------------------------------------------------------------------------------------------
# ownership: act only on an installation this script made

# ownership: OWNERSHIP says what was found; returns 0 this script's, 1 someone else's, 2 none yet
ownership() {
  if [[ -e $OWN_MARKER ]]; then
    OWNERSHIP="installed by $SCRIPT (marker $OWN_MARKER)"
    return 0
  fi
  if [[ ! -e $COMMON_DIR/bootstrap ]]; then
    OWNERSHIP="no SGE cell in $COMMON_DIR: up installs one"
    return 2
  fi
  # made by an earlier version of this script, which wrote no marker: host_aliases is what it writes
  if [[ -f $HOST_ALIASES && $(cat "$HOST_ALIASES") == "$HOST localhost" && $(wc -l <"$HOST_ALIASES") -eq 1 ]]; then
    OWNERSHIP="made by $SCRIPT (no marker yet, but $HOST_ALIASES is exactly what it writes)"
    RECOGNISED=1
    return 0
  fi
  OWNERSHIP="an SGE cell in $COMMON_DIR that $SCRIPT did not install (no $OWN_MARKER, and $HOST_ALIASES is not what it writes)"
  return 1
}

# require_own COMMAND: refuse to touch an SGE this script did not install
require_own() {
  require_ownership "$1" "reconfigures, restarts, purges or deletes jobs of" \
    "to run qmr's tests on this SGE as it is, skip this script: QMR_TEST_EXISTING_SGE=1 scripts/test.sh (needs qsub and qstat on PATH). If $SCRIPT should manage this SGE from now on, its administrator can say so with: touch $OWN_MARKER"
}

# mark_own: after up made or recognised the installation, record that it is this script's
mark_own() {
  [[ -e $OWN_MARKER ]] && return 0
  printf '%s\n' "# this SGE cell was installed by qmr's scripts/sge.sh, which may reconfigure, restart and reset it" >"$OWN_MARKER"
  if ((${RECOGNISED:-0})); then
    log "recognised this SGE as made by $SCRIPT ($HOST_ALIASES as it writes it); marked it: $OWN_MARKER"
  else
    log "marked the installation as $SCRIPT's: $OWN_MARKER"
  fi
}

# ---------------------------------------------------------------------------------------------
# commands

cmd_up() {
  need_root up
  SLOTS=${QMR_SGE_SLOTS:-$(nproc)}
  is_uint "$SLOTS" && ((SLOTS > 0)) ||
    die "QMR_SGE_SLOTS must be a positive integer, not '$SLOTS'" "QMR_SGE_SLOTS=$SLOTS $0 up" \
      "unset it or set e.g. QMR_SGE_SLOTS=4"
  is_uint "$TIMEOUT" && ((TIMEOUT > 0)) ||
    die "QMR_SGE_TIMEOUT must be a positive integer, not '$TIMEOUT'" "QMR_SGE_TIMEOUT=$TIMEOUT $0 up" \
      "unset it or set e.g. QMR_SGE_TIMEOUT=120"
  take_lock
  require_own up
  install_pkgs
  check_cell
  mark_own
  ensure_host_files
  if ((HOSTS_CHANGED)) && { qmaster_pid >/dev/null || execd_pid >/dev/null; }; then
    log "host files changed while daemons run: restarting them"
    stop_daemons
  fi
  local ex
  if ! qmaster_pid >/dev/null && ex=$(execd_pid); then
    # an execd that lost its qmaster reconnects only after ~30 s: restart it instead
    log "execd (pid $ex) runs without qmaster: stopping it so it registers at once"
    kill -TERM "$ex" 2>/dev/null || true
    if ! wait_gone 10 "$ex"; then
      kill -KILL "$ex" 2>/dev/null || true
      wait_gone 5 "$ex" || die "execd (pid $ex) survives SIGKILL" "kill -KILL $ex" \
        "look at: ps -o pid,stat,cmd -p $ex; $(logs_hint)"
    fi
  fi
  start_qmaster
  configure
  start_execd
  wait_ready
  log "ready in $(elapsed) s: queue $QUEUE@$HOST, $(qconf -sq "$QUEUE" | awk '$1 == "slots" { print $2 }') slots, qmaster pid $(qmaster_pid), execd pid $(execd_pid)"
}

cmd_down() {
  need_root down
  is_uint "$STOP_TIMEOUT" ||
    die "QMR_SGE_STOP_TIMEOUT must be a non-negative integer, not '$STOP_TIMEOUT'" \
      "QMR_SGE_STOP_TIMEOUT=$STOP_TIMEOUT $0 down" "unset it or set e.g. QMR_SGE_STOP_TIMEOUT=30"
  take_lock
  require_own down
  stop_daemons
}

cmd_status() {
  if ! pkgs_installed; then
    log "not installed: packages missing (${PACKAGES[*]}); fix: $0 up"
    return 3
  fi
  local qm ex reason
  qm=$(qmaster_pid) || { log "qmaster not running (pid file $QMASTER_PIDFILE); fix: $0 up"; return 4; }
  ex=$(execd_pid) || { log "execd not running (pid file $EXECD_SPOOL/*/execd.pid); fix: $0 up"; return 4; }
  if ! reason=$(ready_reason); then
    log "not ready: $reason; $(logs_hint); fix: $0 up"
    return 5
  fi
  local line jobs
  line=$(qstat -f -q "$QUEUE@$HOST" 2>/dev/null | awk -v q="$QUEUE@$HOST" '$1 == q { print $3 }')
  jobs=$(qstat -u '*' 2>/dev/null | awk 'NR > 2' | wc -l)
  printf 'ready: host %s, queue %s slots resv/used/total %s, %d job(s), qmaster pid %s, execd pid %s, SGE_ROOT=%s SGE_CELL=%s\n' \
    "$HOST" "$QUEUE" "${line:-?}" "$jobs" "$qm" "$ex" "$SGE_ROOT_DIR" "$SGE_CELL_NAME"
}

cmd_purge() {
  need_root purge
  take_lock
  require_own purge
  qmaster_answers || die "qmaster is not answering" "qconf -sh" "start it: $0 up"
  purge_jobs
}

cmd_owner() {
  local rc=0
  ownership || rc=$?
  printf '%s\n' "$OWNERSHIP"
  ((rc != 1))
}

cmd_env() {
  [[ -x $BIN/qsub ]] || die "gridengine is not installed ($BIN/qsub missing)" "test -x $BIN/qsub" "run: $0 up"
  printf 'export SGE_ROOT=%s\n' "$SGE_ROOT_DIR"
  printf 'export SGE_CELL=%s\n' "$SGE_CELL_NAME"
  printf 'export PATH=%s:"$PATH"\n' "$BIN"
}

cmd_reset() {
  need_root reset
  take_lock
  require_own reset
  if [[ -x $BIN/qconf ]]; then stop_daemons; fi
  make_tmp
  log "purging packages ${PACKAGES[*]} and SGE state"
  if dpkg-query -W "${PACKAGES[@]}" >/dev/null 2>&1 || dpkg -l 'gridengine*' 2>/dev/null | grep -q '^[ir]'; then
    DEBIAN_FRONTEND=noninteractive apt-get -y -q -o DPkg::Lock::Timeout=900 purge "${PACKAGES[@]}" \
      >"$TMP/apt.log" 2>&1 || die "apt-get purge failed" "apt-get purge ${PACKAGES[*]}" \
      "read the output above; dpkg --configure -a may help" "$(cat "$TMP/apt.log")"
  fi
  rm -rf "$SGE_ROOT_DIR" "$SPOOL_DIR"
  log "reset done"
}

main() {
  local cmd=${1:-}
  case $cmd in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    purge) cmd_purge ;;
    owner) cmd_owner ;;
    env) cmd_env ;;
    reset) cmd_reset ;;
    -h | --help | help) usage ;;
    *)
      usage
      log "ERROR: unknown command '${cmd}'"
      exit 2
      ;;
  esac
}

main "$@"
