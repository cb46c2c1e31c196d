#!/usr/bin/env bash
# Runs io.capstan.bench.InformerLatencyBench (write→handler latency of 1, 10 and 100 Kafka-fed
# informers against a direct etcd watch on the same writes) in its own JVM, after building what it
# needs: the testing fixtures, shared-model and client, the relay and Kafka jars, this module.
# Arguments go to the benchmark JVM, e.g.
#   bench/run-informer.sh -Dbench.informers=1,10 -Dbench.seconds=5
# BENCH_SKIP_BUILD=1 skips rebuilding the relay and Kafka jars (they must exist).
# MVN overrides the Maven command (default: mvn -q -B -o, i.e. offline).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -q -B -o}

if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  $MVN package -DskipTests -pl services/relay,services/kafka
fi
# One reactor for the libraries and the benchmark, so the classpath names this tree's jars
# (module/target/*.jar), not whatever another checkout last installed into the shared ~/.m2.
$MVN package dependency:build-classpath -DskipTests -pl shared-model,testing,client,bench \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime

# Fixture state (etcd and Kafka data, relay logs) goes under bench/target/, one set per benchmark
# JVM pid; drop the sets of earlier runs whose JVM is gone.
cd bench
for d in target/etcd-* target/kafka-* target/relay-*; do
  [[ -e "$d" ]] || continue
  pid=${d#target/*-}; pid=${pid%%[-.]*}
  [[ "$pid" =~ ^[0-9]+$ ]] && ! kill -0 "$pid" 2>/dev/null && rm -rf "$d"
done
# 100 informers are 100 Kafka consumers and 100 caches of ~1,000 ConfigMaps in this one JVM.
exec java -Xmx1g -Dslf4j.internal.verbosity=ERROR "$@" -cp "target/classes:$(cat target/classpath.txt)" \
  io.capstan.bench.InformerLatencyBench
