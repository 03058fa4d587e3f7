#!/usr/bin/env bash
# Issue 19 item 4, the workers' side at 10, 100 and 1,000 workers: the file-system calls pull workers make to find
# and take chunks. The workers are FAKE: threads of one JVM running the worker's own claim code (qmr-runtime's test
# class io.github.qmr.bench.ClaimScan; 1,000 worker JVMs do not fit this machine), each chunk a sleep of 10 to 30 ms
# and an empty result file; the calls are counted in the workers (one access per file looked at, one link per claim,
# one open per result: what strace shows for them; under strace a thousand threads make each call so slow that
# claims, not chunks, set the pace). Both ways of finding the next chunk run in the same go: "linear" (every chunk
# from where the worker stands, as before NextChunk) and "gallop" (NextChunk). The cost per chunk is the growth
# between two chunk counts divided by the chunks added; what is left is paid once per map (all workers start at the
# same chunk and race for the first ones).
#
#   scripts/bench-claims.sh                                   workers 10 100 1000; chunks 2000 and 10000
#   QMR_CLAIM_WORKERS="10 100" QMR_CLAIM_CHUNKS="1000 5000" scripts/bench-claims.sh
#
# Touches nothing outside qmr-runtime/target. Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
WORKERS=${QMR_CLAIM_WORKERS:-10 100 1000}
CHUNKS=${QMR_CLAIM_CHUNKS:-2000 10000}
MODES=${QMR_CLAIM_MODES:-linear gallop}
out=qmr-runtime/target/bench
mkdir -p "$out"
./mvnw -B -q -o -pl qmr-runtime -am test-compile >/dev/null
./mvnw -B -q -o -pl qmr-runtime dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/$out/cp.txt" >/dev/null
cp="$PWD/qmr-runtime/target/classes:$PWD/qmr-runtime/target/test-classes:$(cat "$out/cp.txt")"
java=${JAVA_HOME:-/usr}/bin/java
rows="$out/claims-rows.txt"
: > "$rows"
for w in $WORKERS; do
  for mode in $MODES; do
    for n in $CHUNKS; do
      work=$(mktemp -d "$PWD/$out/claims-work.XXXXXX")
      session=$("$java" -cp "$cp" io.github.qmr.bench.ClaimScan stage "$work" "$n")
      counts=$("$java" -Xss256k -cp "$cp" io.github.qmr.bench.ClaimScan claim "$session" "$n" "$w" "$mode")
      echo "$mode $w $n $counts" >> "$rows"
      echo "bench-claims: $mode, $w workers, $n chunks: accesses links lost-links results = $counts" >&2
      rm -rf "$work"
    done
  done
done
python3 - "$rows" > "$out/claims.md" <<'PY'
import sys, collections
rows = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    mode, w, n, acc, links, lost, done = line.split()
    rows[(int(w), mode)][int(n)] = (int(acc), int(links), int(lost), int(done))
print('| fake workers | next chunk found by | chunks | access + link + open calls | per chunk added (access, link) | once per map |')
print('|---|---|---|---|---|---|')
for (w, mode), by_n in sorted(rows.items(), key=lambda kv: (kv[0][0], kv[0][1] != 'linear')):
    ns = sorted(by_n)
    total = {n: sum(by_n[n][:2]) + by_n[n][3] for n in ns}
    for i, n in enumerate(ns):
        if i == 0:
            print(f'| {w:,} | {mode} | {n:,} | {total[n]:,} | | |')
            continue
        p = ns[i - 1]
        per = (total[n] - total[p]) / (n - p)
        acc = (by_n[n][0] - by_n[p][0]) / (n - p)
        lk = (by_n[n][1] - by_n[p][1]) / (n - p)
        once = total[n] - per * n
        print(f'| {w:,} | {mode} | {n:,} | {total[n]:,} | **{per:.1f}** ({acc:.1f}, {lk:.2f}) | {once:,.0f} |')
PY
cat "$out/claims.md"
