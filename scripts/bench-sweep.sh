#!/usr/bin/env bash
# Benchmark row of issue 12: the process node's peak heap while qmr:map's code (MapRunner: sweep tasks, pre-flight,
# staging, results and every output file) runs a sweep of 2,000,000 tiny tasks (a=1..2000; b=1..1000) on the local
# queue, in a JVM of its own limited to the 256 MB target (a map that needed more fails). Prints one table row; peak =
# the sum of the heap pools' peak usage over the map (an upper bound). About 15 s here.
#
#   scripts/bench-sweep.sh                    -Xmx256m
#   QMR_BENCH_HEAP=2g scripts/bench-sweep.sh  another limit (the peak grows with the room the GC is given)
set -euo pipefail
cd "$(dirname "$0")/.."
# the reactor's qmr-runtime (target/classes), not one from ~/.m2
./mvnw -B -q -pl qmr-maven-plugin -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
plugin=qmr-maven-plugin/target
java -Xmx"${QMR_BENCH_HEAP:-256m}" -cp "$plugin/test-classes:$plugin/classes:$(cat "$plugin/bench-classpath.txt")" \
  io.github.qmr.maven.bench.SweepHeapBench "$plugin/bench-sweep"
