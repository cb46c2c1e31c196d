#!/usr/bin/env bash
# Runs io.capstan.bench.AuthorizationBench (RBAC decisions with 10,000 RoleBindings and 1,000 Roles
# vs an allow-all authorizer) in-process: no cluster is started. Arguments go to the benchmark JVM, e.g.
#   bench/run-authz.sh -Dbench.decisions=50000 -Dbench.rounds=1
# MVN works as for run.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
MVN=${MVN:-mvn -q -B -o}
# The benchmark links the apiserver's classes, so they must be installed, not only packaged.
$MVN install -DskipTests -pl shared-model,client,services/apiserver
BENCH_SKIP_BUILD=1 BENCH_CLASS=io.capstan.bench.AuthorizationBench exec bench/run.sh "$@"
