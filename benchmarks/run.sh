#!/usr/bin/env bash
# The whole comparison, in one run on one redis-server (see BENCHMARKS.md for what it measures):
# builds the benchmarks module, runs every peer on every workload with JMH, measures invalidation
# delay, round trips and memory per local entry, and writes BENCHMARKS.md (repository root) and
# benchmarks/chart.png. About 9 minutes on 2 cores. Needs a JDK 17+, Maven 3.8+ and redis-server
# on the PATH (else the binary shipped in org.signal:embedded-redis is used).
#
#   benchmarks/run.sh                          # the full run
#   benchmarks/run.sh --workloads hotReads --peers NEAR_ON,CAFFEINE_JCACHE   # a subset (development)
#   benchmarks/run.sh --smoke --out /tmp/B.md --chart /tmp/c.png            # CI's tiny variant
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
START=$(date +%s)
WORK="$ROOT/benchmarks/target/bench-run"

echo "[run.sh] building the benchmarks module"
mvn -q -B -pl benchmarks -am -DskipTests package
BUILT=$(date +%s)

# Run from a copy: other builds of the tree may replace benchmarks/target while this runs.
mkdir -p "$WORK"
JAR_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nearcache-bench.XXXXXX")
trap 'rm -rf "$JAR_DIR"' EXIT
cp "$ROOT/benchmarks/target/benchmarks.jar" "$JAR_DIR/benchmarks.jar"

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if ! git -C "$ROOT" diff-index --quiet HEAD -- 2>/dev/null; then
  COMMIT="$COMMIT + uncommitted changes"
fi

echo "[run.sh] running (log: benchmarks/target/bench-run/run.log)"
java -Djava.awt.headless=true -Djdk.attach.allowAttachSelf=true \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dbench.buildSeconds=$((BUILT - START)) -Dbench.commit="$COMMIT" \
  -jar "$JAR_DIR/benchmarks.jar" \
  --out "$ROOT/BENCHMARKS.md" --chart "$ROOT/benchmarks/chart.png" --work-dir "$WORK" "$@" \
  2>&1 | tee "$WORK/run.log"

END=$(date +%s)
echo "[run.sh] done in $((END - START)) s (build $((BUILT - START)) s): BENCHMARKS.md, benchmarks/chart.png"
