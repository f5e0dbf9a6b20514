// Package fuzz holds nicsim's fuzz targets: whole scenarios in which the
// fuzz input is the tape, the e1000 descriptor target, and go-fuzz entry
// points behind the gofuzz build tag. Every target runs its seeds in plain
// go test; -fuzz must match exactly one target.
//
// # Targets (go test -fuzz)
//
// FuzzPingModel runs the ping scenario (24 datagrams, rings of 8; see
// [PingConfig]) of the correct Go model driver with the input as the tape
// ([Ping]): byte 0 picks qemu (even) or strict (odd), every further byte is
// one choice of the run modulo its options, and 0, like everything past the
// end, keeps the current actor running, so short inputs mean few
// preemptions, all early in the run. Any verdict but pass is a bug in
// nicsim or the model: the target fails with it and writes the replay file
// into t.ArtifactDir() (kept with -artifacts, under -outputdir). Seeds are
// in testdata/fuzz/FuzzPingModel.
//
//	go test -run '^$' -fuzz '^FuzzPingModel$' -fuzztime 30s -fuzzminimizetime=100x ./fuzz/
//
// FuzzPingDriver is the same for the C driver NICSIM_FUZZ_DRIVER names
// ("ref:xv6", "zoo:xv6/NAME" or the path of an e1000.c); native fuzzing
// sees the coverage of the Go side only.
//
//	NICSIM_FUZZ_DRIVER=ref:xv6 go test -run '^$' -fuzz '^FuzzPingDriver$' -fuzztime 60s ./fuzz/
//
// FuzzPingBug demonstrates finding a planted bug of the model driver and
// runs only when NICSIM_FUZZ_BUG names one (tx-no-lock is found in well
// under a second; arp-reentrant by the empty input). TestFuzzFindsPlantedBugs
// does the same on a few fixed tapes in every go test.
//
//	NICSIM_FUZZ_BUG=tx-no-lock go test -run '^$' -fuzz '^FuzzPingBug$' -fuzztime 60s ./fuzz/
//
// FuzzDescriptors feeds arbitrary descriptors, register values, frames and
// schedules to the e1000 model in both personalities; the device may
// refuse them only with verdicts, and its invariants must hold (see
// [device.Descriptors] for the input format and the invariants).
//
//	go test -run '^$' -fuzz '^FuzzDescriptors$' -fuzztime 30s -fuzzminimizetime=100x ./fuzz/
//
// FuzzDeviceRings is the rapid ring state machine of the device
// ([properties.DeviceMachine]) under rapid.MakeFuzz.
//
//	go test -run '^$' -fuzz '^FuzzDeviceRings$' -fuzztime 30s -fuzzminimizetime=100x ./fuzz/
//
// The replay-file parser has its target in package corpus (corpus.FuzzParse,
// and corpus.Fuzz for go-fuzz), ring arithmetic in package ring
// (ring.FuzzRingOps, ring.FuzzRingMachine):
//
//	go test -run '^$' -fuzz '^FuzzParse$' -fuzztime 30s -fuzzminimizetime=100x ./corpus/
//
// # go-fuzz
//
// gofuzz.go (build tag gofuzz) has three entry points: Fuzz (FuzzPingModel's
// body), FuzzDesc (FuzzDescriptors') and FuzzRef (FuzzPingDriver's, driver
// from NICSIM_FUZZ_DRIVER, default ref:xv6). go vet -tags gofuzz ./fuzz/...
// compiles them. The descriptor target also lives alone in package
// nic/e1000/fuzzdesc, which imports nothing with go:embed, so a stock go-fuzz-build
// builds it:
//
//	go install github.com/dvyukov/go-fuzz/go-fuzz@latest github.com/dvyukov/go-fuzz/go-fuzz-build@latest
//	go-fuzz-build -o fuzz-device.zip ./nic/e1000/fuzzdesc
//	go-fuzz -bin fuzz-device.zip -workdir /tmp/fuzz-device
//
// A stock go-fuzz-build cannot build package fuzz: it copies each //go:embed
// pattern as a single flat file, and package fuzz reaches guest/xv6
// (//go:embed include drivers zoo hosted), guest/hosted (globs) and guest/qemu
// (a directory) through harness. go-fuzz-build-embed.patch, beside this
// file, makes it copy the files go/packages reports as embedded instead:
//
//	cp -r "$(go env GOMODCACHE)"/github.com/dvyukov/go-fuzz@v0.0.0-20220726122315-1d375ef9f9f6 /tmp/go-fuzz
//	chmod -R u+w /tmp/go-fuzz && cd /tmp/go-fuzz
//	patch -p1 < $NICSIM/fuzz/go-fuzz-build-embed.patch
//	printf 'module github.com/dvyukov/go-fuzz\n\ngo 1.22\n' > go.mod   # the repository predates modules
//	go get ./go-fuzz-build && go build -o "$(go env GOPATH)"/bin/go-fuzz-build ./go-fuzz-build
//
// and then, from the repository root:
//
//	go-fuzz-build -func Fuzz -o fuzz-ping.zip ./fuzz      # minutes: it instruments every package
//	go-fuzz -bin fuzz-ping.zip -workdir /tmp/fuzz-ping
//
// # libFuzzer mode and the C driver
//
// With the patched go-fuzz-build and clang (Debian: apt-get install clang):
//
//	go-fuzz-build -libfuzzer -func FuzzRef -o fuzz-ref.a ./fuzz
//	clang -fsanitize=fuzzer fuzz-ref.a -o fuzz-ref
//	NICSIM_FUZZ_DRIVER=ref:xv6 ./fuzz-ref -max_total_time=60 /tmp/fuzz-ref-corpus
//
// (go-fuzz-build -libfuzzer -o fuzz-device.a ./nic/e1000/fuzzdesc works with the
// stock tool.) libFuzzer's counters are go-fuzz's coverage table of the Go
// code ("65536 Extra Counters"). The C driver is not among them:
// guest/hosted compiles it with gcc into a separate image whose
// -fsanitize-coverage=trace-pc hook belongs to nicsim's runtime, so
// clang -fsanitize=fuzzer-no-link, which instruments C built through cgo,
// never sees it. FuzzRef folds the driver's edge counters into the table
// after each run when the target reports them (a Coverage() []byte method);
// the hosted target does not yet. With that method and an edge counter in
// the runtime's trace-pc hook, a prototype gave 33-35 driver edges per run
// and libFuzzer 11 more features on a one-byte input; whether this finds C
// driver bugs faster has not been measured.
//
// # Measured (2 cores, go 1.26, one run each)
//
//	FuzzPingModel     go test -fuzz, 2 workers   ~3,000 execs/s
//	FuzzDescriptors   go test -fuzz, 2 workers   ~5,000 execs/s (918k execs in 3 min, no failure)
//	FuzzDeviceRings   go test -fuzz, 2 workers   ~2,700 execs/s
//	Fuzz              go-fuzz, 2 procs           ~4,600 execs/s
//	fuzzdesc.Fuzz     go-fuzz, 2 procs           ~15,000-26,000 execs/s
//	fuzzdesc.Fuzz     libFuzzer, 1 process       ~11,600 execs/s
//	FuzzRef (ref:xv6) libFuzzer, 1 process       ~1,200 execs/s
package fuzz
