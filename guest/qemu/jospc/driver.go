package jospc

import (
	"fmt"
	"strconv"

	"github.com/nicsim/nicsim/guest/jos"
)

// DriverConfig returns the build of a driver of guest/jos's zoo by name
// ("ref:jos", "zoo:jos/<mutant>"), with the workload its tags ask for: the
// scenario's packet count ("params: packets=N") as the number of pings.
func DriverConfig(name string) (BuildConfig, error) {
	cfg := BuildConfig{DriverName: name}
	if name == "ref:"+jos.ABI {
		return cfg, nil
	}
	m, err := jos.LookupMutant(name)
	if err != nil {
		return cfg, err
	}
	for _, kv := range m.Params {
		if kv[0] != "packets" {
			continue
		}
		n, err := strconv.Atoi(kv[1])
		if err != nil || n <= 0 {
			return cfg, fmt.Errorf("jospc: %s: params packets=%q: want a positive count", name, kv[1])
		}
		cfg.Pings = n
	}
	return cfg, nil
}
