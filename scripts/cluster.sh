#!/usr/bin/env bash
# cluster.sh - a multi-node test cluster on this one machine: a head and execution nodes, each its own network, UTS,
# mount and PID namespace, with a real Son of Grid Engine and a real Slurm across them and a network file system
# (sshfs) between them. For qmr's multi-node tests (issue 19); the single-node scripts/sge.sh and scripts/slurm.sh
# stay for the fast suites, and this cluster never touches them.
#
# Usage: scripts/cluster.sh <command>
#   up                 start the cluster from a wiped state (no jobs, job ids from 1); idempotent: a cluster that is
#                      up and ready is left as it is. Installs sshfs and openssh-server if missing (gridengine,
#                      Slurm and munge too, where scripts/sge.sh and scripts/slurm.sh have not yet)
#   down               kill every process of every node (its PID namespace), delete the namespaces, the bridge and
#                      the mounts; the cluster's files under QMR_CLUSTER_ROOT stay (the next "up" wipes its state)
#   status             exit 0 and a summary on stdout if SGE and Slurm take jobs on every live node; else non-zero
#   kill-node NAME     a power loss: SIGKILL to NAME's PID namespace (execd, slurmd, sshfs, jobs: every process),
#                      its network namespace and link deleted (the others see it vanish, not refuse)
#   revive-node NAME   boot NAME again: namespaces, link, sshfs mount, execd and slurmd
#   serve-kills        for tests inside the cluster, which cannot reach the nodes' processes: runs in the foreground
#                      and kills node NAME (kill-node) when a file NAME appears in the shared folder's .node-kills/
#                      ($QMR_CLUSTER_SHARED/.node-kills as the head sees it), then writes NAME.killed there (or
#                      NAME.failed with the reason); until it is killed (scripts/test.sh starts and ends it)
#   env                print export lines (SGE_ROOT, SGE_CELL, SLURM_CONF, PATH, QMR_CLUSTER_SHARED) for a shell in
#                      the head namespace:  scripts/cluster.sh exec head -- sh -c 'eval "$(scripts/cluster.sh env)"; qstat -f'
#   exec NAME -- CMD   run CMD in NAME's namespaces (net, UTS, mount, PID) with that environment set; "exec head"
#                      is the process node: qsub, sbatch and the shared work dir as every node sees them
#
# The nodes: head (sge_qmaster, slurmctld, munged, sshd: the file server, and the process node) and node1..nodeN
# (QMR_CLUSTER_NODES, default 3; each runs sge_execd and slurmd). Addresses 10.211.0.0/24 exist only on the
# bridge "qmrcbr" inside the head's network namespace and on the nodes' veth ends: nothing in the host's network
# namespace, no route out, nothing sent anywhere else. Ports are the defaults (6444/6445, 6817/6818, 22), each
# inside its own namespace, so they never meet the host's SGE and Slurm.
# The shared file system: the head's sshd serves $QMR_CLUSTER_ROOT/export; every node, and the head itself, mounts
# it with sshfs at $QMR_CLUSTER_ROOT/shared (the same absolute path everywhere) with attribute, name and directory
# caches of QMR_CLUSTER_CACHE seconds (default 5), as an NFS client caches. On the host itself that path is only an
# empty mount point: use it from inside the cluster (exec head).
#
# Separate from the host's SGE and Slurm: its own SGE_ROOT ($QMR_CLUSTER_ROOT/sge, cell "qmrc") and spool, its own
# slurm.conf (SLURM_CONF), state and logs, its own munged and key (socket in $QMR_CLUSTER_ROOT/run/munge). Its daemons run
# under their own names (qmrc_qmaster, qmrc_execd, qmrc-slurmd, qmrc-munged, and Slurm's accounting: qmrc-slurmdbd on a
# MariaDB qmrc-mariadbd listening only on the head's own loopback), so scripts/sge.sh and scripts/slurm.sh, which look
# for a lost daemon by its name, never take one of them for theirs. slurmctld alone keeps its name (with accounting it
# checks it runs as "slurmctld", and under another name crashes as it first writes to slurmdbd); those scripts look
# for a daemon by name only in their own network namespace, and the cluster's run in namespaces of their own.
#
# Safety: it acts only on what it made: the marker file $QMR_CLUSTER_ROOT/qmr-cluster.sh-installed, network
# namespaces named qmrc-* that it recorded, and processes whose network namespace is one of them. A
# QMR_CLUSTER_ROOT without its marker, or a qmrc-* namespace it did not record, is refused with what was found.
# Jobs: the cluster is wiped at each up; down never deletes a job anywhere else. One lock serialises all commands
# that change the cluster (/run/lock/qmr-cluster.lock).
#
# Environment (all optional): QMR_CLUSTER_NODES (3), QMR_CLUSTER_SLOTS (slots per node, 2), QMR_CLUSTER_CACHE
# (sshfs cache seconds, 5), QMR_CLUSTER_TIMEOUT (readiness, 90 s), QMR_CLUSTER_ROOT (/var/lib/qmr-cluster),
# QMR_CLUSTER_LOCK (the lock file).
# Exit codes: 0 ok; 1 failure (reason on stderr); 2 usage; 4 (status) not up; 5 (status) up but not ready.
# Requires root. Logs go to stderr, prefixed "cluster.sh:".

set -euo pipefail

readonly SCRIPT=cluster.sh
readonly ROOT=${QMR_CLUSTER_ROOT:-/var/lib/qmr-cluster}
readonly RUN_DIR=$ROOT/run
readonly LOCK_FILE=${QMR_CLUSTER_LOCK:-/run/lock/qmr-cluster.lock}
readonly MARKER=$ROOT/qmr-cluster.sh-installed
readonly REGISTRY=$ROOT/namespaces
readonly NODES=${QMR_CLUSTER_NODES:-3}
readonly SLOTS=${QMR_CLUSTER_SLOTS:-2}
readonly CACHE=${QMR_CLUSTER_CACHE:-5}
TIMEOUT=${QMR_CLUSTER_TIMEOUT:-90}
readonly NS_PREFIX=qmrc-
readonly BRIDGE=qmrcbr
readonly NET=10.211.0
readonly EXPORT=$ROOT/export
readonly SHARED=$ROOT/shared
readonly SGE_ROOT_DIR=$ROOT/sge
readonly SGE_CELL_NAME=qmrc
readonly SGE_SPOOL=$ROOT/sge-spool
readonly SGE_COMMON=$SGE_ROOT_DIR/$SGE_CELL_NAME/common
readonly SGE_BIN=$SGE_ROOT_DIR/bin/lx-amd64
readonly SLURM_DIR=$ROOT/slurm
readonly SLURM_CONF_FILE=$SLURM_DIR/slurm.conf
readonly MUNGE_DIR=$ROOT/munge
readonly MUNGE_SOCKET=$RUN_DIR/munge/munge.socket.2
readonly SSH_DIR=$ROOT/ssh
readonly HOSTS_FILE=$ROOT/etc/hosts
readonly ALIAS_BIN=$ROOT/bin
readonly DB_DIR=$ROOT/slurm-db
# mariadb-server-core and slurmdbd: Slurm's per-user limits (MaxSubmitJobs) need its accounting database; the server
# core alone (no init scripts, no perl), started by this script in the head only
readonly PACKAGES=(gridengine-common gridengine-master gridengine-exec gridengine-client munge slurm-client slurmctld
  slurmd sshfs openssh-server mariadb-server-core mariadb-client-core slurmdbd)
export LC_ALL=C
T0=${EPOCHREALTIME/[.,]/}

# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

is_uint "$NODES" && ((NODES >= 1 && NODES <= 50)) || die "QMR_CLUSTER_NODES must be 1..50, not '$NODES'" "" \
  "unset it or set e.g. QMR_CLUSTER_NODES=3"
is_uint "$SLOTS" && ((SLOTS >= 1)) || die "QMR_CLUSTER_SLOTS must be a positive integer, not '$SLOTS'" "" "unset it"
is_uint "$CACHE" || die "QMR_CLUSTER_CACHE must be a whole number of seconds, not '$CACHE'" "" "unset it"

node_names() { # head node1 .. nodeN
  local i
  echo head
  for ((i = 1; i <= NODES; i++)); do echo "node$i"; done
}
exec_nodes() { node_names | tail -n +2; }
node_ip() { [[ $1 == head ]] && echo "$NET.1" || echo "$NET.$((10 + ${1#node}))"; }
ns_name() { echo "$NS_PREFIX$1"; }
init_pidfile() { echo "$RUN_DIR/$1.init.pid"; }
valid_node() { [[ $1 == head ]] || { [[ $1 =~ ^node([0-9]+)$ ]] && ((BASH_REMATCH[1] >= 1 && BASH_REMATCH[1] <= NODES)); }; }

# ---------------------------------------------------------------------------------------------
# namespaces: a node is a network namespace (ip netns qmrc-NAME) and an init process (comm qmrc-init, a reaper)
# in new UTS, mount and PID namespaces inside it. Killing the init kills every process of the node.

netns_inode() { stat -L -c %i "/run/netns/$(ns_name "$1")" 2>/dev/null; }

# init_pid NAME: the node's live init, checked: comm qmrc-init and network namespace NAME's
init_pid() {
  local f pid ino
  f=$(init_pidfile "$1")
  [[ -r $f ]] || return 1
  pid=$(tr -dc 0-9 <"$f")
  proc_alive "$pid" qmrc-init || return 1
  ino=$(netns_inode "$1") || return 1
  [[ $(readlink "/proc/$pid/ns/net" 2>/dev/null) == "net:[$ino]" ]] || return 1
  echo "$pid"
}

# on NAME CMD...: run CMD in every namespace of node NAME (a child of its PID namespace; fd 9, the lock, closed)
on() {
  local name=$1 pid
  shift
  pid=$(init_pid "$name") || die "node $name is not running" "$0 status" "start it: $0 up (or $0 revive-node $name)"
  nsenter -t "$pid" -n -u -m -p -- "$@" 9>&-
}

# in_daemon NAME LOG CMD...: start a daemon in node NAME, detached, with fd 9 (the lock) closed
in_daemon() {
  local name=$1 out=$2
  shift 2
  local pid
  pid=$(init_pid "$name") || die "node $name is not running" "" "$0 up"
  (cd / && exec setsid nsenter -t "$pid" -n -u -m -p -- "$@") </dev/null >>"$out" 2>&1 9>&- ||
    die "cannot start $1 on $name" "nsenter -t $pid -n -u -m -p -- $*" "read $out" "$(tail -n 20 "$out")"
}

registered() { grep -qxF "$1" "$REGISTRY" 2>/dev/null; }

boot_node() { # NAME: namespaces, hostname, hosts, lo, link to the bridge
  local name=$1 ns ip
  ns=$(ns_name "$name")
  ip=$(node_ip "$name")
  if [[ -e /run/netns/$ns ]] && ! registered "$ns"; then
    die "a network namespace $ns exists that $SCRIPT did not record in $REGISTRY" "ip netns list" \
      "it is someone else's: $SCRIPT never deletes it; remove it yourself (ip netns del $ns) if it is a leftover"
  fi
  grep -qxF "$ns" "$REGISTRY" 2>/dev/null || echo "$ns" >>"$REGISTRY"
  [[ -e /run/netns/$ns ]] || run "cannot create network namespace $ns" "check: ip netns list" ip netns add "$ns"
  mkdir -p "$ROOT/nodes/$name/tmp" "$RUN_DIR"
  chmod 1777 "$ROOT/nodes/$name/tmp"
  if ! init_pid "$name" >/dev/null; then
    local u
    # setsid, nsenter and unshare exec one another: $! is unshare, whose child is the PID namespace's init
    (cd / && exec setsid nsenter --net="/run/netns/$ns" unshare --uts --mount --pid --fork --mount-proc \
      --propagation private perl -e '$0 = "qmrc-init"; $SIG{$_} = "IGNORE" for qw(TERM INT HUP);
        while (1) { sleep 1 if wait() == -1 }') </dev/null >/dev/null 2>&1 9>&- &
    u=$!
    local deadline=$((SECONDS + 10)) child=""
    while [[ -z $child ]]; do
      child=$(cat "/proc/$u/task/$u/children" 2>/dev/null | awk '{ print $1 }') || true
      [[ -n $child ]] && proc_alive "$child" qmrc-init || child=""
      ((SECONDS < deadline)) || die "the init of node $name did not start" "unshare --uts --mount --pid --fork" \
        "check that this kernel allows namespaces (unshare --pid --fork true)"
      [[ -n $child ]] || sleep 0.05
    done
    echo "$child" >"$(init_pidfile "$name")"
  fi
  # every node keeps the machine's /tmp: the workers load the build's classes from the checkout, which may be under
  # /tmp (a CI clone); only the work dir goes through the network file system
  on "$name" sh -c "hostname '$name' && mount --bind '$HOSTS_FILE' /etc/hosts && ip link set lo up" ||
    die "cannot set up node $name's namespaces" "$0 exec $name -- hostname" "see above"
  if [[ $name == head ]]; then
    if ! ip -n "$ns" link show "$BRIDGE" >/dev/null 2>&1; then
      run "cannot create the bridge" "ip -n $ns link add $BRIDGE type bridge" ip -n "$ns" link add "$BRIDGE" type bridge
    fi
    ip -n "$ns" addr replace "$ip/24" dev "$BRIDGE"
    ip -n "$ns" link set "$BRIDGE" up
  else
    local hostend=v${name#node}
    local headns
    headns=$(ns_name head)
    ip -n "$headns" link del "$hostend" >/dev/null 2>&1 || true
    run "cannot link node $name to the bridge" "ip link add ... type veth" \
      ip -n "$headns" link add "$hostend" type veth peer name eth0 netns "$ns"
    ip -n "$headns" link set "$hostend" master "$BRIDGE"
    ip -n "$headns" link set "$hostend" up
    ip -n "$ns" addr replace "$ip/24" dev eth0
    ip -n "$ns" link set eth0 up
  fi
}

# kill_node NAME: SIGKILL its init (so every process in its PID namespace), delete its network namespace
kill_node() {
  local name=$1 ns pid
  ns=$(ns_name "$name")
  registered "$ns" || die "network namespace $ns is not $SCRIPT's (not in $REGISTRY)" "ip netns list" \
    "leave it, or remove it yourself if it is a leftover of yours"
  if pid=$(init_pid "$name"); then
    kill -KILL "$pid"
    local deadline=$((SECONDS + 10))
    while proc_alive "$pid" qmrc-init; do
      ((SECONDS < deadline)) || die "node $name's init (pid $pid) survives SIGKILL" "kill -KILL $pid" \
        "look at: ps -o pid,stat,cmd -p $pid"
      sleep 0.05
    done
  fi
  # anything still in the network namespace (entered without its PID namespace): only ours can be there
  local ino p left=()
  if ino=$(netns_inode "$name"); then
    for p in $(find /proc/[0-9]*/ns -maxdepth 1 -name net -lname "net:\[$ino\]" 2>/dev/null); do
      p=${p#/proc/}
      left+=("${p%%/*}")
    done
    ((${#left[@]})) && kill -KILL "${left[@]}" 2>/dev/null || true
  fi
  rm -f "$(init_pidfile "$name")"
  if [[ -e /run/netns/$ns ]]; then
    local tries=0
    until ip netns del "$ns" 2>/dev/null; do
      ((++tries < 50)) || die "cannot delete network namespace $ns" "ip netns del $ns" "fuser -v /run/netns/$ns"
      sleep 0.1
    done
  fi
}

# ---------------------------------------------------------------------------------------------
# installation (files only; nothing runs)

install_pkgs() {
  pkgs_installed && return 0
  make_tmp
  log "installing missing packages among ${PACKAGES[*]}"
  if ! dpkg-query -W -f='${db:Status-Abbrev}' gridengine-master 2>/dev/null | grep -q '^ii'; then
    # exactly as scripts/sge.sh installs them (cell "default" for that script; the cluster has its own cell)
    local p host
    host=$(hostname)
    for p in gridengine-common gridengine-master gridengine-exec gridengine-client; do
      printf '%s shared/gridengineconfig boolean true\n%s shared/gridenginecell string default\n' "$p" "$p"
      printf '%s shared/gridenginemaster string %s\n' "$p" "$host"
    done >"$TMP/debconf"
    run "debconf preseeding failed" "dpkg --configure -a" debconf-set-selections "$TMP/debconf"
  fi
  local cmd=(apt-get -y -q -o DPkg::Lock::Timeout=900 --no-install-recommends
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install "${PACKAGES[@]}")
  # no postinst starts a daemon: the cluster's run in its namespaces, under names of their own
  if ! DEBIAN_FRONTEND=noninteractive no_daemon_starts "${cmd[@]}" >"$TMP/apt.log" 2>&1; then
    apt_update
    DEBIAN_FRONTEND=noninteractive no_daemon_starts "${cmd[@]}" >"$TMP/apt.log" 2>&1 ||
      die "package installation failed" "${cmd[*]}" "dpkg --configure -a; then rerun $0 up" "$(cat "$TMP/apt.log")"
  fi
  log "packages installed"
}

# ownership: 0 ours, 1 someone else's, 2 nothing there
ownership() {
  if [[ -e $MARKER ]]; then
    OWNERSHIP="made by $SCRIPT (marker $MARKER)"
    return 0
  fi
  if [[ -e $ROOT && -n $(ls -A "$ROOT" 2>/dev/null) ]]; then
    OWNERSHIP="a non-empty $ROOT without $SCRIPT's marker ($MARKER)"
    return 1
  fi
  OWNERSHIP="no cluster in $ROOT: up makes one"
  return 2
}

require_own() {
  require_ownership "$1" "changes, starts or stops" \
    "choose another place: QMR_CLUSTER_ROOT=/var/lib/qmr-cluster2 $0 $1 (or remove $ROOT if it is a leftover of yours)"
}

write_files() {
  make_tmp
  mkdir -p "$ROOT" "$RUN_DIR"
  [[ -e $MARKER ]] || printf '%s\n' "# made by qmr's scripts/cluster.sh, which may wipe and rewrite everything in this folder" >"$MARKER"
  touch "$REGISTRY"
  mkdir -p "$ROOT/etc" "$EXPORT" "$SHARED" "$ALIAS_BIN" "$SSH_DIR" "$ROOT/log"
  chmod 755 "$EXPORT" "$SHARED"
  {
    echo "127.0.0.1 localhost"
    local n
    for n in $(node_names); do echo "$(node_ip "$n") $n"; done
  } >"$ROOT/etc/hosts.new"
  mv -f "$ROOT/etc/hosts.new" "$HOSTS_FILE"
  chmod 644 "$HOSTS_FILE"

  # daemons under names of their own (their comm): the host's scripts find lost daemons by name
  ln -sfn /usr/sbin/munged "$ALIAS_BIN/qmrc-munged"
  ln -sfn /usr/sbin/slurmd "$ALIAS_BIN/qmrc-slurmd"
  ln -sfn /usr/sbin/slurmdbd "$ALIAS_BIN/qmrc-slurmdbd"
  ln -sfn /usr/sbin/mariadbd "$ALIAS_BIN/qmrc-mariadbd"

  # ssh: a host key, root's client key, and an sshd that lets only that key in, only on the bridge
  [[ -s $SSH_DIR/host_ed25519 ]] || run "ssh-keygen failed" "" ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/host_ed25519"
  [[ -s $SSH_DIR/client_ed25519 ]] || run "ssh-keygen failed" "" ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/client_ed25519"
  cp "$SSH_DIR/client_ed25519.pub" "$SSH_DIR/authorized_keys"
  chmod 600 "$SSH_DIR/authorized_keys"
  printf '%s %s\n' "$NET.1" "$(cut -d' ' -f1-2 "$SSH_DIR/host_ed25519.pub")" >"$SSH_DIR/known_hosts"
  cat >"$SSH_DIR/sshd_config" <<EOF
# written by qmr's scripts/cluster.sh: the head's file server for the nodes' sshfs mounts
ListenAddress $NET.1
Port 22
HostKey $SSH_DIR/host_ed25519
PidFile $RUN_DIR/sshd.pid
AuthorizedKeysFile $SSH_DIR/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
UseDNS no
MaxStartups 100
Subsystem sftp internal-sftp
EOF

  # munge: a key of the cluster's own
  mkdir -p "$MUNGE_DIR" "$RUN_DIR/munge"
  [[ -s $MUNGE_DIR/munge.key ]] || run "mungekey failed" "" mungekey --create --keyfile="$MUNGE_DIR/munge.key"
  chown munge:munge "$MUNGE_DIR" "$MUNGE_DIR/munge.key" "$RUN_DIR/munge"
  chmod 700 "$MUNGE_DIR"
  chmod 400 "$MUNGE_DIR/munge.key"
  chmod 755 "$RUN_DIR/munge"

  write_sge
  write_slurm
}

write_sge() { # SGE_ROOT with the cell qmrc and a wiped spool
  rm -rf "$SGE_ROOT_DIR" "$SGE_SPOOL"
  mkdir -p "$SGE_BIN" "$SGE_COMMON" "$SGE_SPOOL/qmaster/job_scripts" "$SGE_SPOOL/spooldb" "$SGE_SPOOL/execd"
  local f
  for f in /usr/lib/gridengine/*; do ln -s "$f" "$SGE_BIN/${f##*/}"; done
  ln -s /usr/lib/gridengine/sge_qmaster "$SGE_BIN/qmrc_qmaster"
  ln -s /usr/lib/gridengine/sge_execd "$SGE_BIN/qmrc_execd"
  for f in lib utilbin util; do ln -s "/var/lib/gridengine/$f" "$SGE_ROOT_DIR/$f"; done
  cat >"$SGE_COMMON/bootstrap" <<EOF
# Version: 6.2
admin_user              sgeadmin
default_domain          none
ignore_fqdn             true
spooling_method         berkeleydb
spooling_lib            libspoolb
spooling_params         $SGE_SPOOL/spooldb
binary_path             $SGE_BIN
qmaster_spool_dir       $SGE_SPOOL/qmaster
security_mode           none
listener_threads        2
worker_threads          2
scheduler_threads       1
EOF
  echo head >"$SGE_COMMON/act_qmaster"
  echo qmrc >"$SGE_COMMON/cluster_name"
  printf 'SGE_ROOT=%s; export SGE_ROOT\nSGE_CELL=%s; export SGE_CELL\n' "$SGE_ROOT_DIR" "$SGE_CELL_NAME" >"$SGE_COMMON/settings.sh"
  sed -e "s#^execd_spool_dir .*#execd_spool_dir        $SGE_SPOOL/execd#" \
    -e 's#^min_uid .*#min_uid                0#' -e 's#^min_gid .*#min_gid                0#' \
    -e 's#^load_report_time .*#load_report_time       00:00:05#' -e 's#^administrator_mail .*#administrator_mail     none#' \
    -e 's#^max_unheard .*#max_unheard            00:00:30#' \
    -e 's#^reporting_params .*#reporting_params       accounting=true reporting=false flush_time=00:00:01 joblog=false sharelog=00:00:00#' \
    /usr/share/gridengine/default-configuration >"$SGE_SPOOL/global-configuration"
  chown -R sgeadmin:sgeadmin "$SGE_ROOT_DIR/$SGE_CELL_NAME" "$SGE_SPOOL"
  make_tmp
  cat >"$SGE_SPOOL/init-sge" <<EOF
set -e
export SGE_ROOT=$SGE_ROOT_DIR SGE_CELL=$SGE_CELL_NAME
/usr/lib/gridengine/spoolinit berkeleydb libspoolb $SGE_SPOOL/spooldb init
/usr/lib/gridengine/spooldefaults configuration $SGE_SPOOL/global-configuration
/usr/lib/gridengine/spooldefaults complexes /usr/share/gridengine/util/resources/centry
/usr/lib/gridengine/spooldefaults usersets /usr/share/gridengine/util/resources/usersets
/usr/lib/gridengine/spooldefaults managers sgeadmin
EOF
  chmod 755 "$SGE_SPOOL/init-sge"
  run "cannot initialise the cluster's SGE spool" "su sgeadmin $SGE_SPOOL/init-sge" su -s /bin/sh -c "sh $SGE_SPOOL/init-sge" sgeadmin
}

write_slurm() { # slurm.conf and wiped state
  rm -rf "$SLURM_DIR"
  mkdir -p "$SLURM_DIR/state" "$SLURM_DIR/spool" "$SLURM_DIR/log"
  local n nodes="" addrs=""
  for n in $(exec_nodes); do
    mkdir -p "$SLURM_DIR/spool/$n"
  done
  cat >"$SLURM_CONF_FILE" <<EOF
# Generated by qmr's scripts/cluster.sh (the multi-node test cluster); every "cluster.sh up" rewrites it
ClusterName=qmrc
SlurmctldHost=head($NET.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MUNGE_SOCKET,cred_expire=10
MpiDefault=none
SwitchType=switch/none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,bf_interval=1,sched_interval=2
EnforcePartLimits=ALL
# slurmdbd in the head, on a MariaDB of the cluster's own: per-user limits (sacctmgr ... MaxSubmitJobs) are enforced
AccountingStorageType=accounting_storage/slurmdbd
AccountingStorageHost=head
AccountingStoragePort=6819
# for slurmdbd the clients take the munge socket from here, not from AuthInfo
AccountingStoragePass=$MUNGE_SOCKET
AccountingStorageEnforce=associations,limits
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/filetxt
JobCompLoc=$SLURM_DIR/log/jobcomp.txt
MinJobAge=3600
KillWait=5
# a node that stops answering is DOWN after 30 s (default 300), its jobs NODE_FAIL
SlurmdTimeout=30
ReturnToService=2
RequeueExitHold=86
StateSaveLocation=$SLURM_DIR/state
SlurmdSpoolDir=$SLURM_DIR/spool/%n
SlurmctldPidFile=$RUN_DIR/slurmctld.pid
SlurmdPidFile=$RUN_DIR/slurmd-%n.pid
SlurmctldLogFile=$SLURM_DIR/log/slurmctld.log
SlurmdLogFile=$SLURM_DIR/log/slurmd-%n.log
SlurmctldPort=6817
SlurmdPort=6818
EOF
  for n in $(exec_nodes); do
    echo "NodeName=$n NodeAddr=$(node_ip "$n") CPUs=$SLOTS RealMemory=1000 State=UNKNOWN" >>"$SLURM_CONF_FILE"
    nodes+=${nodes:+,}$n
  done
  echo "PartitionName=debug Nodes=$nodes Default=YES MaxTime=INFINITE State=UP OverSubscribe=FORCE:2" >>"$SLURM_CONF_FILE"
  # slurmdbd reads slurmdbd.conf beside slurm.conf (SLURM_CONF's folder); it must be its SlurmUser's, mode 600
  cat >"$SLURM_DIR/slurmdbd.conf" <<EOF
# Generated by qmr's scripts/cluster.sh; every "cluster.sh up" rewrites it and wipes the database
AuthType=auth/munge
AuthInfo=socket=$MUNGE_SOCKET
DbdHost=head
DbdAddr=$NET.1
DbdPort=6819
SlurmUser=root
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=3306
StorageUser=root
StorageLoc=qmrc_acct
LogFile=$SLURM_DIR/log/slurmdbd.log
PidFile=$RUN_DIR/slurmdbd.pid
EOF
  chmod 600 "$SLURM_DIR/slurmdbd.conf"
  # the database: a data folder of its own, root without a password, reachable only on the head's own loopback
  rm -rf "$DB_DIR"
  mkdir -p "$DB_DIR"
  run "cannot initialise the cluster's accounting database" "read $ROOT/log/db-install.log" \
    sh -c "mariadb-install-db --no-defaults --datadir='$DB_DIR/data' --user=root --auth-root-authentication-method=normal --skip-test-db >'$ROOT/log/db-install.log' 2>&1"
}

# ---------------------------------------------------------------------------------------------
# services

export SGE_ROOT=$SGE_ROOT_DIR SGE_CELL=$SGE_CELL_NAME SLURM_CONF=$SLURM_CONF_FILE

start_head_services() {
  local log=$ROOT/log/head.out
  mkdir -p /run/sshd # sshd's privilege separation folder (the package's own)
  in_daemon head "$log" /usr/sbin/sshd -f "$SSH_DIR/sshd_config" -E "$ROOT/log/sshd.log"
  in_daemon head "$log" runuser -u munge -- "$ALIAS_BIN/qmrc-munged" --force --socket="$MUNGE_SOCKET" \
    --key-file="$MUNGE_DIR/munge.key" --pid-file="$RUN_DIR/munge/munged.pid" --log-file="$MUNGE_DIR/munged.log" \
    --seed-file="$MUNGE_DIR/munged.seed"
  in_daemon head "$log" "$SGE_BIN/qmrc_qmaster"
  # Slurm's accounting first: the database, slurmdbd, the cluster registered in it (with root's association), then
  # slurmctld, which enforces the associations' limits
  # (mariadbd stays in the foreground: started in the background of a shell that returns)
  in_daemon head "$log" sh -c '"$0" "$@" &' "$ALIAS_BIN/qmrc-mariadbd" --no-defaults --datadir="$DB_DIR/data" --user=root \
    --socket="$DB_DIR/mysqld.sock" --pid-file="$RUN_DIR/mariadbd.pid" --bind-address=127.0.0.1 --port=3306 \
    --skip-name-resolve --innodb-buffer-pool-size=16M --log-error="$ROOT/log/mariadbd.log"
  wait_for "the accounting database answers" "$TIMEOUT" on head mariadb --no-defaults -h127.0.0.1 -uroot -e 'select 1'
  in_daemon head "$log" "$ALIAS_BIN/qmrc-slurmdbd"
  wait_for "slurmdbd answers" "$TIMEOUT" on head sacctmgr -n list cluster
  on head sacctmgr -i add cluster qmrc >>"$log" 2>&1 ||
    die "cannot register the cluster qmrc in slurmdbd" "sacctmgr -i add cluster qmrc" "read $log and $SLURM_DIR/log/slurmdbd.log"
  in_daemon head "$log" /usr/sbin/slurmctld -i
}

# mount_shared NAME: the sshfs mount of node NAME (the head mounts its own export the same way)
mount_shared() {
  local name=$1 opts
  opts="IdentityFile=$SSH_DIR/client_ed25519,UserKnownHostsFile=$SSH_DIR/known_hosts,StrictHostKeyChecking=yes"
  opts+=",BatchMode=yes,ServerAliveInterval=5,ServerAliveCountMax=3,reconnect,allow_other"
  opts+=",dcache_timeout=$CACHE,attr_timeout=$CACHE,entry_timeout=$CACHE,negative_timeout=$CACHE"
  local deadline=$((SECONDS + 20)) out
  until out=$(on "$name" sshfs "root@$NET.1:$EXPORT" "$SHARED" -o "$opts" 2>&1); do
    ((SECONDS < deadline)) || die "node $name cannot mount the shared folder over sshfs" \
      "$0 exec $name -- sshfs root@$NET.1:$EXPORT $SHARED -o $opts" "read $ROOT/log/sshd.log" "$out"
    sleep 0.2
  done
}

start_node_services() { # NAME
  local name=$1
  mount_shared "$name"
  in_daemon "$name" "$ROOT/log/$name.out" "$SGE_BIN/qmrc_execd"
  in_daemon "$name" "$ROOT/log/$name.out" "$ALIAS_BIN/qmrc-slurmd" -N "$name"
}

sge_ok() { on head "$SGE_BIN/qconf" -sh >/dev/null 2>&1; }

wait_for() { # WHAT SECONDS CMD...
  local what=$1 limit=$2 deadline
  shift 2
  deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "$what: not after $limit s" "$*" "read the logs in $ROOT/log, $SGE_SPOOL/qmaster/messages, $SLURM_DIR/log"
    sleep 0.2
  done
}

configure_sge() {
  mkdir -p "$ROOT/conf" # (not $TMP: the head has a /tmp of its own)
  local n hosts=""
  for n in $(node_names); do on head "$SGE_BIN/qconf" -ah "$n" >/dev/null 2>&1 || true; done
  on head "$SGE_BIN/qconf" -as head >/dev/null 2>&1 || true
  run "cannot set the scheduler configuration" "qconf -ssconf" on head "$SGE_BIN/qconf" -ssconf
  printf '%s\n' "$RUN_OUT" | awk '$1 == "schedule_interval" { $2 = "0:0:1" } $1 == "flush_submit_sec" { $2 = 1 }
    $1 == "flush_finish_sec" { $2 = 1 } $1 == "job_load_adjustments" { $2 = "NONE" }
    $1 == "load_adjustment_decay_time" { $2 = "0:0:0" } { print }' >"$ROOT/conf/sconf"
  run "cannot set the scheduler configuration" "qconf -Msconf" on head "$SGE_BIN/qconf" -Msconf "$ROOT/conf/sconf"
  for n in $(exec_nodes); do
    printf '%s\n' "hostname $n" "load_scaling NONE" "complex_values NONE" "user_lists NONE" "xuser_lists NONE" \
      "projects NONE" "xprojects NONE" "usage_scaling NONE" "report_variables NONE" >"$ROOT/conf/exec-$n"
    run "cannot add execution host $n" "qconf -Ae" on head "$SGE_BIN/qconf" -Ae "$ROOT/conf/exec-$n"
    hosts+=" $n"
  done
  cat >"$ROOT/conf/queue" <<EOF
qname                 all.q
hostlist              ${hosts# }
seq_no                0
load_thresholds       NONE
suspend_thresholds    NONE
nsuspend              1
suspend_interval      00:05:00
priority              0
min_cpu_interval      00:05:00
processors            UNDEFINED
qtype                 BATCH INTERACTIVE
ckpt_list             NONE
pe_list               NONE
rerun                 FALSE
slots                 $SLOTS
tmpdir                /tmp
shell                 /bin/sh
prolog                NONE
epilog                NONE
shell_start_mode      posix_compliant
starter_method        NONE
suspend_method        NONE
resume_method         NONE
terminate_method      NONE
notify                00:00:60
owner_list            NONE
user_lists            NONE
xuser_lists           NONE
subordinate_list      NONE
complex_values        NONE
projects              NONE
xprojects             NONE
calendar              NONE
initial_state         default
s_rt                  INFINITY
h_rt                  INFINITY
s_cpu                 INFINITY
h_cpu                 INFINITY
s_fsize               INFINITY
h_fsize               INFINITY
s_data                INFINITY
h_data                INFINITY
s_stack               INFINITY
h_stack               INFINITY
s_core                INFINITY
h_core                INFINITY
s_rss                 INFINITY
h_rss                 INFINITY
s_vmem                INFINITY
h_vmem                INFINITY
EOF
  run "cannot add queue all.q" "qconf -Aq" on head "$SGE_BIN/qconf" -Aq "$ROOT/conf/queue"
}

# ---------------------------------------------------------------------------------------------
# readiness

sge_node_ready() { # NAME: all.q@NAME listed without a u/a/E/d/... state
  local out
  out=$(on head "$SGE_BIN/qselect" -q "all.q@$1" 2>/dev/null) || return 1
  [[ $out == "all.q@$1" ]] || return 1
  [[ -z $(on head "$SGE_BIN/qselect" -q "all.q@$1" -qs uaAcCdDEsSo 2>/dev/null) ]]
}

slurm_node_state() { on head sinfo -h -N -n "$1" -o '%T' 2>/dev/null | head -n 1; }
slurm_node_ready() {
  case $(slurm_node_state "$1") in idle | mixed | allocated | completing) return 0 ;; *) return 1 ;; esac
}

wait_node_ready() { # NAME
  local name=$1 deadline=$((SECONDS + TIMEOUT)) resumed=0 st
  until sge_node_ready "$name" && slurm_node_ready "$name"; do
    st=$(slurm_node_state "$name")
    if [[ $st == down* || $st == drain* || $st == fail* ]] && ((!resumed)) && on head scontrol ping >/dev/null 2>&1; then
      on head scontrol update nodename="$name" state=resume >/dev/null 2>&1 || true
      resumed=1
    fi
    ((SECONDS < deadline)) || die "node $name not ready after $TIMEOUT s (SGE: $(on head "$SGE_BIN/qstat" -f -q "all.q@$name" 2>&1 |
      awk -v q="all.q@$name" '$1 == q { print $6 }'), Slurm: ${st:-?})" "qstat -f; sinfo -N" \
      "read $ROOT/log/$name.out, $SGE_SPOOL/execd/$name/messages, $SLURM_DIR/log/slurmd-$name.log"
    sleep 0.2
  done
}

# ---------------------------------------------------------------------------------------------
# commands

cmd_status() {
  local n dead=() notready=() up=()
  init_pid head >/dev/null || { log "not up: the head is not running; fix: $0 up"; return 4; }
  for n in $(exec_nodes); do
    if ! init_pid "$n" >/dev/null; then
      dead+=("$n")
    elif sge_node_ready "$n" && slurm_node_ready "$n" && on "$n" mountpoint -q "$SHARED"; then
      up+=("$n")
    else
      notready+=("$n")
    fi
  done
  if ((${#notready[@]})) || ((${#up[@]} == 0)); then
    log "not ready: nodes not ready: ${notready[*]:-none}; dead: ${dead[*]:-none}; ready: ${up[*]:-none}"
    return 5
  fi
  printf 'ready: head %s, nodes up: %s; killed: %s; shared %s (sshfs, caches %s s); SGE_ROOT=%s SGE_CELL=%s SLURM_CONF=%s\n' \
    "$(node_ip head)" "${up[*]}" "${dead[*]:-none}" "$SHARED" "$CACHE" "$SGE_ROOT_DIR" "$SGE_CELL_NAME" "$SLURM_CONF_FILE"
}

cmd_down() {
  need_root down
  take_lock
  require_own down
  local n any=0
  for n in $(exec_nodes | tac) head; do
    if init_pid "$n" >/dev/null || [[ -e /run/netns/$(ns_name "$n") ]]; then
      any=1
      kill_node "$n"
    fi
  done
  # namespaces of earlier runs with more nodes
  local ns
  while read -r ns; do
    [[ -n $ns && -e /run/netns/$ns ]] || continue
    any=1
    kill_node "${ns#"$NS_PREFIX"}"
  done <"${REGISTRY}" 2>/dev/null || true
  : >"$REGISTRY" 2>/dev/null || true
  rm -rf "${RUN_DIR:?}"
  ((any)) && log "down: every node killed, namespaces, bridge and mounts gone" || log "already down"
}

cmd_up() {
  need_root up
  is_uint "$TIMEOUT" && ((TIMEOUT > 0)) || die "QMR_CLUSTER_TIMEOUT must be a positive integer" "" "unset it"
  take_lock
  require_own up
  local st
  if st=$(cmd_status 2>/dev/null); then
    log "already up: $st"
    return 0
  fi
  install_pkgs
  # whatever is left of an earlier cluster goes first: up starts from a wiped state
  local n
  for n in $(node_names); do
    if init_pid "$n" >/dev/null || [[ -e /run/netns/$(ns_name "$n") ]]; then
      log "stopping what is left of the cluster first"
      exec 9>&-
      "$0" down
      take_lock
      break
    fi
  done
  log "writing configuration (SGE cell $SGE_CELL_NAME, slurm.conf, sshd, munge) under $ROOT"
  write_files
  for n in $(node_names); do boot_node "$n"; done
  log "namespaces and bridge up: $(node_names | tr '\n' ' ')"
  start_head_services
  wait_for "munged answers" 20 on head munge -S "$MUNGE_SOCKET" -n
  wait_for "the SGE qmaster answers" "$TIMEOUT" sge_ok
  configure_sge
  wait_for "slurmctld answers" "$TIMEOUT" on head scontrol ping
  log "head: sshd, munged, qmaster (configured) and slurmctld answer"
  mount_shared head
  for n in $(exec_nodes); do start_node_services "$n"; done
  log "nodes: shared folder mounted, execd and slurmd started"
  for n in $(exec_nodes); do wait_node_ready "$n"; done
  log "ready in $(elapsed) s: head $(node_ip head) and $(exec_nodes | tr '\n' ' ')with SGE (cell $SGE_CELL_NAME) and Slurm; shared $SHARED (sshfs, caches $CACHE s)"
}

cmd_kill_node() {
  need_root kill-node
  local name=${1:-}
  valid_node "$name" && [[ $name != head ]] || die "kill-node takes an execution node: node1..node$NODES, not '$name'" \
    "$0 kill-node $name" "the head cannot be killed; use $0 down"
  take_lock
  require_own kill-node
  init_pid "$name" >/dev/null || [[ -e /run/netns/$(ns_name "$name") ]] || { log "$name is not running"; return 0; }
  kill_node "$name"
  log "killed $name: every process in it, its namespaces and its link"
}

cmd_revive_node() {
  need_root revive-node
  local name=${1:-}
  valid_node "$name" && [[ $name != head ]] || die "revive-node takes an execution node: node1..node$NODES, not '$name'" \
    "$0 revive-node $name" ""
  take_lock
  require_own revive-node
  init_pid head >/dev/null || die "the cluster is down" "$0 status" "$0 up"
  if init_pid "$name" >/dev/null; then
    log "$name is running"
    return 0
  fi
  boot_node "$name"
  start_node_services "$name"
  wait_node_ready "$name"
  log "revived $name in $(elapsed) s"
}

cmd_serve_kills() {
  need_root serve-kills
  require_own serve-kills
  local dir=$EXPORT/.node-kills f name out
  mkdir -p "$dir"
  rm -f "$dir"/* # answers of an earlier run must not answer this one's requests
  log "serving node kills requested in $dir (as the head sees it: $SHARED/.node-kills)"
  while true; do
    for f in "$dir"/*; do
      name=${f##*/}
      [[ -f $f && $name != *.* ]] || continue
      rm -f "$f"
      if out=$("$0" kill-node "$name" 2>&1); then
        printf '%s\n' "$out" >"$dir/$name.killed.tmp" && mv "$dir/$name.killed.tmp" "$dir/$name.killed"
      else
        printf '%s\n' "$out" >"$dir/$name.failed.tmp" && mv "$dir/$name.failed.tmp" "$dir/$name.failed"
      fi
      log "kill-node $name requested: ${out##*$'\n'}"
    done
    sleep 0.2
  done
}

cmd_env() {
  printf 'export SGE_ROOT=%s\nexport SGE_CELL=%s\nexport SLURM_CONF=%s\n' "$SGE_ROOT_DIR" "$SGE_CELL_NAME" "$SLURM_CONF_FILE"
  printf 'export PATH=%s:"$PATH"\nexport QMR_CLUSTER_SHARED=%s\n' "$SGE_BIN" "$SHARED"
}

cmd_exec() {
  need_root exec
  local name=${1:-}
  valid_node "$name" || die "exec takes a node name: head, node1..node$NODES, not '$name'" "$0 exec $name" ""
  shift
  [[ ${1:-} == -- ]] && shift
  (($#)) || die "exec needs a command" "$0 exec $name -- CMD" ""
  local pid
  pid=$(init_pid "$name") || die "node $name is not running" "$0 status" "$0 up"
  exec nsenter -t "$pid" -n -u -m -p --wd="$PWD" -- env SGE_ROOT="$SGE_ROOT_DIR" SGE_CELL="$SGE_CELL_NAME" \
    SLURM_CONF="$SLURM_CONF_FILE" PATH="$SGE_BIN:$PATH" QMR_CLUSTER_SHARED="$SHARED" "$@"
}

main() {
  local cmd=${1:-}
  (($#)) && shift
  case $cmd in
    up) cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    kill-node) cmd_kill_node "$@" ;;
    revive-node) cmd_revive_node "$@" ;;
    serve-kills) cmd_serve_kills ;;
    env) cmd_env ;;
    exec) cmd_exec "$@" ;;
    owner)
      local rc=0
      ownership || rc=$?
      printf '%s\n' "$OWNERSHIP"
      ((rc != 1))
      ;;
    -h | --help | help) usage ;;
    *)
      usage
      log "ERROR: unknown command '$cmd'"
      exit 2
      ;;
  esac
}

main "$@"
