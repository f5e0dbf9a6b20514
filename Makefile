# nicsim: deterministic simulation and fuzzing of teaching-kernel NIC drivers.
GO ?= go

.PHONY: help build test check fmt vet race fuzz-smoke bench hunt

help: ## show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build the nicsim command into ./bin
	$(GO) build -o bin/nicsim ./cmd/nicsim

test: ## the project's test suite (what CI runs)
	./scripts/test.sh

check: fmt vet test ## gofmt, go vet and the tests

fmt: ## fail if gofmt would change a file
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)

vet: ## go vet, also with the gofuzz tag
	$(GO) vet ./...
	$(GO) vet -tags gofuzz ./corpus/ ./fuzz/... ./nic/e1000/fuzzdesc/

race: ## the tests under the race detector
	$(GO) test -race ./...

fuzz-smoke: ## a short run of every fuzz target
	./scripts/fuzz-smoke.sh

bench: ## benchmarks of the hot paths
	$(GO) test -run '^$$' -bench . -benchtime 2s ./sim ./nic/... ./harness ./guest/...

hunt: ## the README's first command
	$(GO) run ./cmd/nicsim hunt --driver ref:xv6 --seeds 2000
