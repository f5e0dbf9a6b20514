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
go test -count=1 -race -short ./harness/ ./cmd/... ./guest/...
echo "== GOMAXPROCS=1 (replays and hosted C must not depend on parallelism)"
GOMAXPROCS=1 go test -count=1 -short ./harness/ ./guest/hosted/
echo "== benchmarks compile and run once"
go test -count=1 -run '^$' -bench . -benchtime 1x ./... > /dev/null
echo "== fuzz smoke"
FUZZTIME=${FUZZTIME:-6s} ./scripts/fuzz-smoke.sh
echo "== all tests passed"
