#!/usr/bin/env bash
# Issue 19 item 4: the shared file system's metadata operations (stat, open, link, rename, unlink, readdir, mkdir...)
# that qmr's bookkeeping costs per chunk, on the process node and in the workers, counted with strace on the local
# queue: a map of tiny tasks in 2-task chunks at several chunk counts; the cost per chunk is the growth between two
# counts divided by the chunks added (so a JVM's start, paid once per worker, drops out). Writes a table to stdout and
# to qmr-runtime/target/bench/metadata.md.
#
#   scripts/bench-metadata.sh                          1,000 and 10,000 chunks, 2 workers
#   QMR_META_CHUNKS="1000 10000 100000" QMR_META_WORKERS="2 8" scripts/bench-metadata.sh
#
# Worker counts above the cores are real JVMs here too (no fake workers), so large counts are slow but not wrong.
# Needs strace (Debian: apt-get install strace). Touches nothing outside qmr-runtime/target.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v strace >/dev/null || { echo "bench-metadata.sh: strace is missing; fix: apt-get install strace" >&2; exit 1; }
CHUNKS=${QMR_META_CHUNKS:-1000 10000}
WORKERS=${QMR_META_WORKERS:-2}
out=qmr-runtime/target/bench
mkdir -p "$out"
./mvnw -B -q -o -pl qmr-runtime -am test-compile >/dev/null
./mvnw -B -q -o -pl qmr-runtime dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$out/cp.txt" >/dev/null
cp="$PWD/qmr-runtime/target/classes:$PWD/qmr-runtime/target/test-classes:$(cat "$out/cp.txt")"
# the calls that reach a network file system's metadata server (fstat on an open file does not); counted only on
# paths in the work dir (a folder read by the path it was opened with)
calls=stat,lstat,newfstatat,statx,access,faccessat,faccessat2,open,openat,creat,unlink,unlinkat,link,linkat
calls+=,rename,renameat,renameat2,getdents64,mkdir,mkdirat,rmdir,readlink,readlinkat,symlink,symlinkat,utimensat
calls+=,chmod,fchmodat,truncate
rows="$out/metadata-rows.txt"
: > "$rows"
for w in $WORKERS; do
  for n in $CHUNKS; do
    work=$(mktemp -d "$PWD/$out/meta-work.XXXXXX")
    trace="$out/meta-$n-$w.strace"
    # --seccomp-bpf: only the traced calls stop the process (not every futex of the JVM's threads), so a count of
    # 100,000 chunks takes minutes rather than the better part of an hour
    strace -f --seccomp-bpf -qq -o "$trace" -e trace=clone,clone3,fork,vfork,execve,$calls \
      "${JAVA_HOME:-/usr}/bin/java" -cp "$cp" io.github.qmr.bench.MetadataMap "$work" "$n" "$w"
    python3 - "$trace" "$n" "$w" "$work" >> "$rows" <<'PY'
import re, sys, collections
trace, n, w, work = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
proc = {}          # tid -> process root tid
root = None
pending = {}       # tid -> the first half of a call another thread's call interrupted
fds = collections.defaultdict(dict)  # process -> fd -> path, to tell which folder a getdents64 reads
counts = {'node': collections.Counter(), 'workers': collections.Counter()}
line_re = re.compile(r'^(\d+)\s+(.*)$')
for line in open(trace, errors='replace'):
    m = line_re.match(line.rstrip('\n'))
    if not m:
        continue
    tid, body = int(m.group(1)), m.group(2)
    # strace -f splits a call that another thread's call interrupts: "<unfinished ...>", then "<... x resumed>";
    # joined here, so each call counts once and a clone's flags meet its child's id
    if body.endswith('<unfinished ...>'):
        pending[tid] = body[:-len('<unfinished ...>')]
        continue
    r = re.match(r'<\.\.\. (\w+) resumed>(.*)$', body)
    if r:
        if tid not in pending:
            continue
        body = pending.pop(tid) + r.group(2)
    c = re.match(r'(\w+)\((.*)$', body)
    if not c:
        continue
    call, args = c.group(1), c.group(2)
    if root is None:
        root = tid
        proc[tid] = tid
    proc.setdefault(tid, tid)
    if call in ('clone', 'clone3', 'fork', 'vfork'):
        r = re.search(r'= (\d+)$', body.strip())
        if r:
            proc[int(r.group(1))] = proc[tid] if 'CLONE_THREAD' in body else int(r.group(1))
        continue
    if call == 'execve':
        continue
    paths = re.findall(r'"([^"]*)"', args)
    ret = re.search(r'\) += (-?\d+)', body)
    if call in ('open', 'openat') and paths and ret and int(ret.group(1)) >= 0:
        fds[proc[tid]][int(ret.group(1))] = paths[0]
    path = fds[proc[tid]].get(int(args.split(',')[0]), '') if call == 'getdents64' else (paths[0] if paths else '')
    # only what reaches the shared work dir: not the JDK's files, /proc or /sys, nor an fstat of an open file
    if not path.startswith(work):
        continue
    counts['node' if proc[tid] == root else 'workers'][call] += 1
for side in ('node', 'workers'):
    c = counts[side]
    print(n, w, side, sum(c.values()), ' '.join(f'{k}={v}' for k, v in sorted(c.items(), key=lambda kv: -kv[1])))
PY
    rm -rf "$work" "$trace"
  done
done
python3 - "$rows" > "$out/metadata.md" <<'PY'
import sys, collections
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    n, w, side, total, detail = (line.rstrip('\n').split(' ', 4) + [''])[:5]
    rows[(int(w), side)][int(n)] = (int(total), dict(kv.split('=') for kv in detail.split()) if detail else {})
print('| workers | side | chunks | metadata calls | per chunk added | per chunk added, by call |')
print('|---|---|---|---|---|---|')
for (w, side), by_n in sorted(rows.items()):
    prev = None
    for n in sorted(by_n):
        total, detail = by_n[n]
        if prev is None:
            print(f'| {w} | {side} | {n:,} | {total:,} | - | - |')
        else:
            pn, (ptotal, pdetail) = prev
            added = n - pn
            per = (total - ptotal) / added
            by = {k: (int(detail.get(k, 0)) - int(pdetail.get(k, 0))) / added for k in set(detail) | set(pdetail)}
            by = ', '.join(f'{k} {v:.1f}' for k, v in sorted(by.items(), key=lambda kv: -kv[1]) if abs(v) >= 0.05)
            print(f'| {w} | {side} | {n:,} | {total:,} | {per:.1f} | {by} |')
        prev = (n, by_n[n])
PY
cat "$out/metadata.md"
echo "target: at most ~12 metadata operations per chunk in all (process node + workers), flat in chunks"
