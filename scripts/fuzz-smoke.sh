#!/usr/bin/env bash
# A short run of every go test -fuzz target; a crash fails the script.
set -euo pipefail
cd "$(dirname "$0")/.."
t=${FUZZTIME:-10s}
go test -run '^$' -fuzz '^FuzzRingOps$' -fuzztime "$t" -fuzzminimizetime=100x ./ring/
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime "$t" -fuzzminimizetime=100x ./corpus/
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime "$t" -fuzzminimizetime=100x ./stack/
go test -run '^$' -fuzz '^FuzzPingModel$' -fuzztime "$t" -fuzzminimizetime=100x ./fuzz/
go test -run '^$' -fuzz '^FuzzDescriptors$' -fuzztime "$t" -fuzzminimizetime=100x ./fuzz/
go test -run '^$' -fuzz '^FuzzDeviceRings$' -fuzztime "$t" -fuzzminimizetime=100x ./fuzz/
