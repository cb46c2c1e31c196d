#!/usr/bin/env bash
# Runs io.capstan.bench.PatchBench (PUT vs strategic merge patch vs server-side apply on a
# Deployment with 10 containers) through run.sh, which builds what it needs. Arguments go to the
# benchmark JVM, e.g.
#   bench/run-patch.sh -Dbench.iterations=100 -Dbench.rounds=1
# BENCH_SKIP_BUILD=1 and MVN work as for run.sh.
set -euo pipefail
BENCH_CLASS=io.capstan.bench.PatchBench exec "$(dirname "$0")/run.sh" "$@"
