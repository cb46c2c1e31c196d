#!/usr/bin/env bash
# Runs io.capstan.bench.PodStartupBench (create → Running through the apiserver and an in-process
# node agent on real Podman, against the same Podman work done directly) in its own JVM, after
# building what it needs (the apiserver exec jar the fixture runs, the node agent, this module).
# Arguments go to the benchmark JVM, e.g.
#   bench/run-pod-startup.sh -Dbench.pods=20
# BENCH_SKIP_BUILD=1 reuses bench/target/classpath.txt and the jars already built.
# MVN overrides the Maven command (default: mvn -q -B -o, i.e. offline).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -q -B -o}

if [[ "${BENCH_SKIP_BUILD:-}" != 1 || ! -f bench/target/classpath.txt ]]; then
  $MVN package dependency:build-classpath -DskipTests -Dmdep.outputFile=target/classpath.txt \
    -Dmdep.includeScope=runtime -pl bench,services/apiserver,services/relay,services/kafka,cli -am
fi
cd bench
exec java -Xmx768m -Dslf4j.internal.verbosity=ERROR "$@" \
  -cp "target/classes:$(cat target/classpath.txt)" io.capstan.bench.PodStartupBench
