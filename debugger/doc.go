// Package debugger is a time-travel debugger over a replay file: it
// re-executes the recorded run deterministically to any step and shows the
// device's state there (registers, rings or block lists slot by slot, as
// [nic.State] describes them), the locks held and the CPUs spinning, each
// CPU's context, the driver's C source line, the two-lane timeline around
// the cursor and the finding.
//
// [Open] loads a replay file and runs it once to index it: for every step it
// records the actor, the trace events it emitted, and every change of a
// register value, a descriptor field or a status flag (compared with the
// previous step, so nothing is added to the hashed trace), with the writer:
// a CPU store or MMIO write at a source line, or a device DMA engine. It
// reads the device's State again only when the step's events or the slots'
// bytes say something may have changed, so a livelock's two million steps
// index in seconds. Moving
// the cursor back or forward re-executes the run from the start and stops it
// after the wanted step through the machine's OnStep hook; runs of the
// scenarios nicsim shrinks to take about a millisecond.
//
// [Engine.Exec] runs one command ("next", "back 3", "until TDT", "who
// rx_ring[0].length", "print tx_ring[3]", "rings"); [Engine.Script] runs a
// list of them separated by semicolons, as `nicsim debug FILE --do` does.
// [NewTUI] is the full-screen terminal front end over the same commands.
//
// The debugger knows no device and no kernel: it draws whatever the device's
// State says, names registers and flags as the device does, and reads the
// driver's globals through the image's DWARF (hosted C drivers) or by
// reflection (the Go model driver).
package debugger
