#!/usr/bin/env bash
# Builds what the benchmark needs (the testing fixtures, the apiserver and cli jars, this module),
# then runs io.capstan.bench.ApiServerVsEtcdBench in its own JVM. Arguments go to that JVM, e.g.
#   bench/run.sh -Dbench.iterations=100 -Dbench.rounds=1
# BENCH_SKIP_BUILD=1 skips rebuilding the apiserver and cli jars (they must exist).
# MVN overrides the Maven command (default: mvn -q -B -o, i.e. offline).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -q -B -o}
CLASS=${BENCH_CLASS:-io.capstan.bench.ApiServerVsEtcdBench}

$MVN install -DskipTests -pl testing,shared-model,client
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  $MVN package -DskipTests -pl services/apiserver,cli
fi
$MVN package -DskipTests -pl bench
$MVN dependency:build-classpath -pl bench -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime

# Fixture state (etcd data, cluster PKI, logs) goes under bench/target/, one set per benchmark
# JVM pid; drop the sets of earlier runs whose JVM is gone.
cd bench
for d in target/cluster-* target/etcd-*; do
  [[ -e "$d" ]] || continue
  pid=${d##*-}; pid=${pid%.log}
  [[ "$pid" =~ ^[0-9]+$ ]] && ! kill -0 "$pid" 2>/dev/null && rm -rf "$d"
done
exec java -Xmx512m -Dslf4j.internal.verbosity=ERROR "$@" -cp "target/classes:$(cat target/classpath.txt)" "$CLASS"
