package fuzz

import (
	"github.com/nicsim/nicsim/harness"
	"github.com/nicsim/nicsim/sim"
)

// PingConfig is the scenario the ping targets run: a smaller ping than the
// harness default (24 datagrams, rings of 8), so that an input reaches the
// ring wrap and the end of the run sooner.
func PingConfig(driver, bug string) harness.Config {
	c := harness.Config{Driver: driver, Bug: bug, Packets: 24, Ring: 8, Strategy: "random"}
	c.Defaults()
	return c
}

// Ping runs base against tg with data as the tape: data[0]&1 picks the
// personality (0 qemu, 1 strict) and data[1:] supplies every choice of the
// run through a [sim.BytesSource], one byte per choice, reduced modulo the
// number of options. Byte 0 keeps the current actor running, and so do the
// choices after the input runs out: short inputs mean few preemptions, all
// early in the run. It returns the result and the configuration it ran.
func Ping(tg harness.Target, base harness.Config, data []byte, record bool) (*harness.Result, *harness.Config, error) {
	c := base
	c.Personality, c.Strategy, c.Seed = "qemu", "random", 0
	if len(data) > 0 {
		if data[0]&1 != 0 {
			c.Personality = "strict"
		}
		data = data[1:]
	}
	r, err := harness.Run(tg, &c, harness.Options{Tape: sim.NewTape(sim.NewBytesSource(data)), Record: record, LastN: 30})
	return r, &c, err
}
