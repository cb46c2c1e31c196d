#!/usr/bin/env bash
# Builds the fixtures, the apiserver/cli/relay/kafka jars, the scheduler and the controller
# manager, then runs io.capstan.bench.ReconcileThroughputBench. Arguments go to its JVM, e.g.
#   bench/run-controller-manager.sh -Dbench.replicas=3000 -Dbench.nodes=300
# BENCH_SKIP_BUILD=1 keeps the jars already built; MVN overrides the Maven command.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -q -B -o}
$MVN install -DskipTests -pl testing,shared-model,client,services/scheduler,services/controller-manager
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  $MVN package -DskipTests -pl services/apiserver,services/relay,services/kafka,cli
fi
BENCH_SKIP_BUILD=1 BENCH_CLASS=io.capstan.bench.ReconcileThroughputBench MVN="$MVN" exec bench/run.sh -Xmx1500m "$@"
