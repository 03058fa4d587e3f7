#!/usr/bin/env bash
# Benchmark row of issue 10: 100 tasks of 0.2 s CPU through `mvn qmr:map` on the real SGE with nothing tuned (only
# <function>, a sweep and <queue>sge</queue>: scripts/bench-goal/), minus a no-op build of the same project
# (`mvn compile`, everything up to date), 3 runs of each, interleaved. Prints both medians and their difference.
#
# Needs this build's plugin in it/target/it-repo: run scripts/test.sh (or ./mvnw -B verify) first.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
repo=$root/it/target/it-repo
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
[ -d "$repo/io/github/qmr/qmr-maven-plugin/$version" ] \
  || { echo "bench-goal.sh: no qmr-maven-plugin $version in $repo; run scripts/test.sh first" >&2; exit 1; }
scripts/sge.sh up # idempotent: the queue at one slot a core, the figures' basis
eval "$(scripts/sge.sh env)"
work=$root/target/bench-goal
rm -rf "$work" && mkdir -p "$work" && cp -r scripts/bench-goal/. "$work/"
sed -i "s/@qmr.version@/$version/g" "$work/pom.xml"
cat > "$work/settings.xml" <<XML
<settings><profiles><profile><id>build-repo</id><activation><activeByDefault>true</activeByDefault></activation>
<repositories><repository><id>build-repo</id><url>file://$HOME/.m2/repository</url></repository></repositories>
<pluginRepositories><pluginRepository><id>build-repo</id><url>file://$HOME/.m2/repository</url></pluginRepository>
</pluginRepositories></profile></profiles></settings>
XML
mvn() { "$root/mvnw" -B -q -o -s "$work/settings.xml" -Dmaven.repo.local="$repo" -f "$work/pom.xml" "$@"; }
mvn compile >/dev/null
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }'; }
goal=() noop=()
for run in 1 2 3; do
  noop+=("$(seconds mvn compile)")
  goal+=("$(seconds mvn compile "io.github.qmr:qmr-maven-plugin:$version:map@sweep" -Dqmr.force)")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
g=$(median "${goal[@]}"); n=$(median "${noop[@]}")
printf '| 100 tasks x 0.2 s CPU through mvn qmr:map on SGE, minus a no-op build | %s s (no-op build: %s s; runs: %s / %s) | target <= 12.5 s |\n' \
  "$(awk -v a="$n" -v b="$g" 'BEGIN { printf "%.2f", b - a }')" "$n" "${goal[*]}" "${noop[*]}"
