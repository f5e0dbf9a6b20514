#!/usr/bin/env bash
# A short run of every go test -fuzz target; a crash fails the script.
# The run is a count of executions, not a time: an input still running when
# a time budget ran out failed the run with "context deadline exceeded".
# Minimization is off for the same reason.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${FUZZTIME:-3000x}
go test -run '^$' -fuzz '^FuzzRingOps$' -fuzztime "$t" -fuzzminimizetime=0 ./ring/
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime "$t" -fuzzminimizetime=0 ./corpus/
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime "$t" -fuzzminimizetime=0 ./stack/
go test -run '^$' -fuzz '^FuzzPingModel$' -fuzztime "$t" -fuzzminimizetime=0 ./fuzz/
go test -run '^$' -fuzz '^FuzzDescriptors$' -fuzztime "$t" -fuzzminimizetime=0 ./fuzz/
go test -run '^$' -fuzz '^FuzzDeviceRings$' -fuzztime "$t" -fuzzminimizetime=0 ./fuzz/
