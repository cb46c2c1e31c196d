#!/usr/bin/env bash
# Builds the fixtures, the apiserver/cli/relay/kafka jars and the scheduler, then runs
# io.capstan.bench.SchedulerThroughputBench. Arguments go to its JVM, e.g.
#   bench/run-scheduler.sh -Dbench.nodes=1000 -Dbench.pods=2000 -Dbench.variantPods=500
# BENCH_SKIP_BUILD=1 keeps the jars already built; MVN overrides the Maven command.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -q -B -o}
$MVN install -DskipTests -pl testing,shared-model,client,services/scheduler
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  $MVN package -DskipTests -pl services/apiserver,services/relay,services/kafka,cli
fi
BENCH_SKIP_BUILD=1 BENCH_CLASS=io.capstan.bench.SchedulerThroughputBench MVN="$MVN" exec bench/run.sh -Xmx1g "$@"
