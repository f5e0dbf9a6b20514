#!/usr/bin/env bash
# The test suite CI runs: vet, every package's tests, the race detector on
# the concurrent parts, benchmarks compiled once, and a fuzz smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== go vet"
go vet ./...
go vet -tags gofuzz ./corpus/ ./fuzz/...
echo "== go test"
go test -count=1 ./...
echo "== go test -race (hunt workers, hosted C)"
# The concurrent parts: in-process and worker-process hunts, replays of
# hosted C (cgo), and the QEMU runner's console and wire goroutines. The
# hostile-driver and QEMU-boot tests are left to the plain run above: they
# test the sandbox and real guests, not data races, and under -race the Go
# heap's layout and a loaded host change what they can assert.
go test -count=1 -race -short -run 'Determinism|ModelDriverPasses|PlantedBugsFound|HostedReplayIsExact|HuntFromIndex|DiagnoseTwoBugs|Regressions' ./harness/
go test -count=1 -race -short -run 'HuntWorkerProcesses|HuntAllFindingsSameWithWorkers|HuntFindsARPReentrancyAndReplays|DebugScriptExit0|NoWorkerOutlivesNicsim' ./cmd/nicsim/
go test -count=1 -race -short ./guest/ ./guest/hosted/ ./guest/csrc/ ./guest/xv6/... ./guest/eth/ ./guest/qemu/ ./debugger/
echo "== GOMAXPROCS=1 (replays and hosted C must not depend on parallelism)"
GOMAXPROCS=1 go test -count=1 -short ./harness/ ./guest/hosted/
echo "== benchmarks compile and run once"
go test -count=1 -run '^$' -bench . -benchtime 1x ./... > /dev/null
echo "== fuzz smoke"
FUZZTIME=${FUZZTIME:-3000x} ./scripts/fuzz-smoke.sh
echo "== all tests passed"
