#!/usr/bin/env bash
# Runs io.capstan.bench.ProxyThroughputBench (requests/s and p99 straight to a Podman pod's IP vs
# through a cluster IP the proxy binds on lo, same client, same run) in its own JVM, after building
# what it needs in one reactor. Needs root (the address on lo) and Podman. Arguments go to the
# benchmark JVM, e.g.
#   bench/run-proxy.sh -Dbench.clients=4 -Dbench.small=200 -Dbench.rounds=1
# MVN overrides the Maven command (default: mvn -q -B -o, i.e. offline).
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -q -B -o}

$MVN package dependency:build-classpath -DskipTests -pl bench -am \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
cd bench
exec java -Xmx512m -Dslf4j.internal.verbosity=ERROR "$@" -cp "target/classes:$(cat target/classpath.txt)" \
  io.capstan.bench.ProxyThroughputBench
