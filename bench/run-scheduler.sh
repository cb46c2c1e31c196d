#!/usr/bin/env bash
# Builds the fixtures, the apiserver/cli/relay/kafka jars, the scheduler and this module in one
# Maven reactor (nothing is installed into ~/.m2), then runs io.capstan.bench.SchedulerThroughputBench.
# Arguments go to its JVM:
#   bench/run-scheduler.sh                                                  # 5,000 nodes, 10,000 pods, 5,000 per variant
#   bench/run-scheduler.sh -Dbench.nodes=1000 -Dbench.pods=2000 -Dbench.variantPods=500   # a quick run
# BENCH_SKIP_BUILD=1 reuses the jars and the classpath of the last build; MVN overrides the Maven command.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -q -B -o}
if [[ "${BENCH_SKIP_BUILD:-}" != 1 || ! -f bench/target/classpath.txt ]]; then
  $MVN package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt \
    -Dmdep.includeScope=runtime -pl bench,services/apiserver,services/relay,services/kafka,cli -am
fi
# Fixture state (etcd data, cluster PKI, logs) goes under bench/target/, one set per benchmark
# JVM pid; drop the sets of earlier runs whose JVM is gone.
cd bench
for d in target/cluster-* target/etcd-*; do
  [[ -e "$d" ]] || continue
  pid=${d##*-}; pid=${pid%.log}
  [[ "$pid" =~ ^[0-9]+$ ]] && ! kill -0 "$pid" 2>/dev/null && rm -rf "$d"
done
# Heaps sized for 5,000 nodes and ~40,000 pods held in informer caches: this JVM (the scheduler's
# caches) and the apiserver's watch cache; etcd, Kafka and the relay keep the fixtures' defaults.
exec java -Xmx1536m -Dcapstan.test.apiserver-heap=1g -Dslf4j.internal.verbosity=ERROR "$@" \
  -cp "target/classes:$(cat target/classpath.txt)" io.capstan.bench.SchedulerThroughputBench
