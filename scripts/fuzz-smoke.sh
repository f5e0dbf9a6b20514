#!/usr/bin/env bash
# A short run of every go test -fuzz target; a crash fails the script.
# Minimization is off: a new interesting input found as the time runs out
# would otherwise be minimized past the deadline ("context deadline exceeded").
set -euo pipefail
cd "$(dirname "$0")/.."
t=${FUZZTIME:-10s}
go test -run '^$' -fuzz '^FuzzRingOps$' -fuzztime "$t" -fuzzminimizetime=0 ./ring/
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime "$t" -fuzzminimizetime=0 ./corpus/
go test -run '^$' -fuzz '^FuzzParse$' -fuzztime "$t" -fuzzminimizetime=0 ./stack/
go test -run '^$' -fuzz '^FuzzPingModel$' -fuzztime "$t" -fuzzminimizetime=0 ./fuzz/
go test -run '^$' -fuzz '^FuzzDescriptors$' -fuzztime "$t" -fuzzminimizetime=0 ./fuzz/
go test -run '^$' -fuzz '^FuzzDeviceRings$' -fuzztime "$t" -fuzzminimizetime=0 ./fuzz/
