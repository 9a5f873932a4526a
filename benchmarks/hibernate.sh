#!/usr/bin/env bash
# The Hibernate second-level cache benchmark (see benchmarks/HIBERNATE.md for what it measures):
# Hibernate ORM find by id over Zipfian-chosen rows with 5% updates, on two session factories, with
# the second-level cache off, over hibernate-jcache + Redisson's JCache provider, and over
# nearcache-hibernate. Builds the benchmarks module, starts its own redis-server, uses a database
# of its own on the PostgreSQL of 127.0.0.1:5432 when one answers (user postgres, trust auth;
# dropped at the end), else an embedded PostgreSQL; writes benchmarks/HIBERNATE.md. The three
# configurations take turns in one JVM (2 warm-up rounds of 5 s slices, 3 measured rounds of 10 s).
# About 2.5 minutes on 2 cores (build excluded). Separate from run.sh (BENCHMARKS.md).
#
#   benchmarks/hibernate.sh                                   # the full run
#   benchmarks/hibernate.sh --configs nearcache --warmup-rounds 1 --iterations 1 --out /tmp/H.md
#   options: --entities N --threads N (even) --warmup-rounds N --warmup-s S (a warm-up slice)
#            --iterations N (measured rounds) --iteration-s S (a measured slice)
#            --update-ratio R --configs no_cache,redisson_jcache,nearcache --out FILE
#   JAVA_OPTS: extra JVM options (after -Xms1g -Xmx1g -XX:+UseG1GC); -Dbench.embeddedPostgres=true
#   there starts an embedded PostgreSQL even when one answers. SKIP_BUILD=1: use the built jar.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$(pwd)
START=$(date +%s)
WORK="$ROOT/benchmarks/target/hibernate-run"

if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  echo "[hibernate.sh] building the benchmarks module"
  mvn -q -B -pl benchmarks -am -DskipTests package
fi

# Run from a copy: other builds of the tree may replace benchmarks/target while this runs.
mkdir -p "$WORK"
JAR_DIR=$(mktemp -d "${TMPDIR:-/tmp}/nearcache-hibernate-bench.XXXXXX")
trap 'rm -rf "$JAR_DIR"' EXIT
cp "$ROOT/benchmarks/target/benchmarks.jar" "$JAR_DIR/benchmarks.jar"

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if ! git -C "$ROOT" diff-index --quiet HEAD -- 2>/dev/null; then
  COMMIT="$COMMIT + uncommitted changes"
fi

echo "[hibernate.sh] running (log: benchmarks/target/hibernate-run/run.log)"
# shellcheck disable=SC2086
java -Xms1g -Xmx1g -XX:+UseG1GC ${JAVA_OPTS:-} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -Dorg.jboss.logging.provider=slf4j \
  -Dbench.commit="$COMMIT" -Dbench.args="$*" \
  -cp "$JAR_DIR/benchmarks.jar" dev.nearcache.bench.hibernate.HibernateBenchmark \
  --out "$ROOT/benchmarks/HIBERNATE.md" "$@" \
  2>&1 | tee "$WORK/run.log"

END=$(date +%s)
echo "[hibernate.sh] done in $((END - START)) s: benchmarks/HIBERNATE.md"
