package corpus_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/nicsim/nicsim/corpus"
)

func ExampleParse() {
	text := `nicsim replay v1
# invariant: lock e1000.tx acquired twice (t=1.204ms)
driver: model:xv6
device: e1000
personality: strict
scenario: ping
params: packets=64 ring=16
seed: 8812734
verdict: lock-reentry
decisions: 3
d s1/3 s0/2 f4/9
end
`
	f, err := corpus.Parse(strings.NewReader(text))
	if err != nil {
		fmt.Println(err)
		return
	}
	ring, _ := f.Param("ring")
	fmt.Println(f.Driver, f.Device, f.Scenario, f.Seed, f.Verdict, "ring="+ring)
	fmt.Println(f.Decisions, f.Comments[0])
	// Output:
	// model:xv6 e1000 ping 8812734 lock-reentry ring=16
	// [s1/3 s0/2 f4/9] invariant: lock e1000.tx acquired twice (t=1.204ms)
}

func ExampleParse_error() {
	_, err := corpus.Parse(strings.NewReader("nicsim replay v1\ndriver: x\ndevice e1000\n"))
	fmt.Println(err)
	_, err = corpus.Parse(strings.NewReader("nicsim replay v7\n"))
	fmt.Println(err)
	// Output:
	// line 3: want "key: value", "d ..." or "end", got "device e1000"
	// replay format v7 is newer than this nicsim (v1)
}

func ExampleFile_WriteTo() {
	f := &corpus.File{
		Driver:      "model:xv6",
		Device:      "e1000",
		Personality: "strict",
		Scenario:    "ping",
		Params:      []corpus.Param{{Key: "packets", Value: "64"}},
		Seed:        42,
		Decisions:   []corpus.Decision{{Stream: 0, V: 1, N: 2}, {Stream: 5, V: 4, N: 9}},
		Comments:    []string{"found by nicsim run"},
	}
	if _, err := f.WriteTo(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// nicsim replay v1
	// # found by nicsim run
	// driver: model:xv6
	// device: e1000
	// personality: strict
	// scenario: ping
	// params: packets=64
	// seed: 42
	// decisions: 2
	// d a1/2 f4/9
	// end
}
