package diag

import (
	"strings"
	"sync"

	"github.com/nicsim/nicsim/sim"
)

// Explanation is a finding told in the user's terms.
type Explanation struct {
	Title string // "missing fence"
	What  string // what happened, in the driver's own names
	Why   string // the datasheet's or the kernel's rule it breaks
	QEMU  string // whether QEMU shows it, and why not
	Fix   string // the fix, at a line
}

// Text is one row of the explanation table: templates filled from a
// verdict's sites. Placeholders: {at} (the acting site), {loc} (its line),
// {func}, {lock}, {holder} (where a re-acquired lock was taken), {reg} (the
// register, or the ring's tail register), {ring}, {publish} (the line of
// the last tail write), {dir} (transmit or receive), {how} (how a driver
// killed its worker).
type Text struct {
	Title, What, Why string
	Shows            string // how QEMU shows it (a lab finding)
	Hides            string // why QEMU hides it (a hardware finding)
	Fix              string
}

// owned keys a table row by its owner (a device or kernel model's registry
// name; "" for rows of nicsim itself) and its key.
type owned struct{ owner, key string }

var (
	tableMu sync.RWMutex
	table   = map[owned]Text{
		{"", sim.ClassInternal}: {
			Title: "nicsim internal error",
			What:  "nicsim itself failed ({at})",
			Why:   "this is a bug in nicsim, not in the driver",
			Shows: "QEMU does not run nicsim's code",
			Hides: "QEMU does not run nicsim's code",
			Fix:   "report it to nicsim with the replay file",
		},
		{"", sim.ClassCrash + KeyDied}: {
			Title: "driver killed the worker",
			What:  "the driver ended the nicsim worker process running it: {how}",
			Why:   "a driver runs inside the kernel: exiting, raising a signal, making a system call or writing outside its own memory takes the whole kernel down",
			Shows: "QEMU shows it: the kernel dies or panics (make grade fails)",
			Hides: "the path runs only with the device timing of real hardware",
			Fix:   "find where the driver exits, makes a system call, recurses without bound or writes through a wild pointer; nicsim replay runs the seed again",
		},
		{"", sim.ClassLivelock + KeyDied}: {
			Title: "run past the wall-clock budget",
			What:  "the run went on without end and the worker was stopped: {how}",
			Why:   "a driver must return to the kernel: a loop that spins with interrupts or signals blocked hangs the whole kernel",
			Shows: "QEMU shows it: the kernel hangs (make grade times out)",
			Hides: "the loop runs only with the device timing of real hardware",
			Fix:   "find the loop that never ends (waiting for a bit the device never sets, or spinning with signals blocked) and bound it",
		},
	}
)

// KeyDied suffixes the class (crash or livelock) of the table key of a
// driver that killed the worker process running it.
const KeyDied = "/died"

// DiedPrefix starts the message of a verdict on a driver that killed the
// worker process running it.
const DiedPrefix = "driver killed the worker: "

// Register sets owner's explanation of a verdict class: owner is a device
// or kernel model's registry name, key the class (or [KeyBack]). Device
// models register the classes of their rings and DMA in their terms;
// kernel models those of their services (locks, allocation, delivery). A
// later registration of the same owner and key replaces the earlier.
func Register(owner, key string, t Text) {
	tableMu.Lock()
	defer tableMu.Unlock()
	table[owned{owner, key}] = t
}

// Lookup returns the explanation of key by the first of owners that
// registered one, else nicsim's own.
func Lookup(key string, owners ...string) (Text, bool) {
	tableMu.RLock()
	defer tableMu.RUnlock()
	for _, o := range append(owners, "") {
		if t, ok := table[owned{o, key}]; ok {
			return t, true
		}
	}
	return Text{}, false
}

// marker maps verdicts of a class whose message contains a text to a row key.
type marker struct{ class, marker, key string }

var markers []marker

// RegisterMarker makes verdicts of class whose message contains text use
// the explanation rows of key (class + "/" + a word): one class, several
// bugs a kernel's oracles tell apart (JOS: a frame with the CRC still on
// is a corrupt frame of its own kind).
func RegisterMarker(class, text, key string) {
	tableMu.Lock()
	defer tableMu.Unlock()
	markers = append(markers, marker{class, text, key})
}

// KeyBack is the table key of a ring's tail moved back over descriptors
// the device still owned (the ring went full).
const KeyBack = sim.ClassRingOwnership + "/back"

// KeyBackRX is [KeyBack] for a receive ring's tail (RDT): the driver handed
// the device one slot too many, so head == tail reads as no free
// descriptors and reception stops (an off-by-one in the RDT update).
const KeyBackRX = KeyBack + "-rx"

// rxTails are the receive rings' tail registers devices registered.
var rxTails = map[string]bool{}

// RegisterRXTail tells diag that the register called name is a receive
// ring's tail: a tail moved back over its head there is [KeyBackRX].
func RegisterRXTail(name string) {
	tableMu.Lock()
	defer tableMu.Unlock()
	rxTails[name] = true
}

// generic explains a class the table does not know yet.
var generic = Text{
	Title: "failure",
	What:  "the run failed at {at}",
	Why:   "the driver broke one of nicsim's oracles (see the message)",
	Shows: "QEMU shows it: it happened with QEMU's device behaviour",
	Hides: "it needs the device behaviour of real hardware",
	Fix:   "look at {loc}",
}

// Explain tells a finding of the given class and tier in four parts, filled
// from its sites; faults names the injected faults of a faults-tier run, and
// owners the device and kernel models of the run (most specific first),
// whose registered explanations are used.
func Explain(v *sim.Verdict, s Sites, tier Tier, faults string, owners ...string) Explanation {
	row, ok := Lookup(rowKey(v), owners...)
	if !ok {
		row, ok = Lookup(v.Class, owners...)
	}
	if !ok {
		row = generic
	}
	fill := filler(v, s)
	e := Explanation{Title: row.Title, What: fill(row.What), Why: fill(row.Why), Fix: fill(row.Fix)}
	switch tier {
	case Lab:
		e.QEMU = fill(row.Shows)
		if !strings.Contains(e.QEMU, "replay --qemu") {
			e.QEMU += " (replay --qemu runs it on the real guest)"
		}
	case Hardware:
		e.QEMU = "QEMU hides this: " + fill(row.Hides)
	default:
		e.QEMU = "QEMU shows it only if the injected fault happens there too (here: " + faults + ")"
		if strings.Contains(faults, "kalloc") {
			e.QEMU += ", for example a kalloc that fails when memory runs out"
		}
		if w := faultWords(faults); w != "" {
			e.What = w + ", and then " + e.What
		}
	}
	return e
}

func rowKey(v *sim.Verdict) string {
	if v.Class == sim.ClassRingOwnership && reBack.MatchString(v.Message) {
		tableMu.RLock()
		rx := rxTails[backReg(v.Message)]
		tableMu.RUnlock()
		if rx {
			return KeyBackRX
		}
		return KeyBack
	}
	tableMu.RLock()
	for _, m := range markers {
		if m.class == v.Class && strings.Contains(v.Message, m.marker) {
			tableMu.RUnlock()
			return m.key
		}
	}
	tableMu.RUnlock()
	if strings.HasPrefix(v.Message, DiedPrefix) {
		return v.Class + KeyDied
	}
	return v.Class
}

// filler substitutes a verdict's sites into a template.
func filler(v *sim.Verdict, s Sites) func(string) string {
	or := func(a, b string) string {
		if a == "" {
			return b
		}
		return a
	}
	ring := or(ringForDir(s.Dir), or(ringOf(v.Message), words().first))
	reg := s.Reg
	if r := backReg(v.Message); r != "" {
		reg = r
	}
	if v.Class == sim.ClassUnpublished || s.Dir != "" || reg == "" || isRing(reg) {
		reg = tailOf(ring)
	}
	publish := "the " + reg + " write"
	if s.Publish.Known() {
		publish = s.Publish.Loc()
	}
	dir := map[string]string{"tx": "transmit", "rx": "receive"}[s.Dir]
	r := strings.NewReplacer(
		"{at}", or(s.At.Chain(), "the driver"),
		"{loc}", or(s.At.Loc(), or(s.Publish.Loc(), "the driver")),
		"{func}", or(s.At.Func, or(s.Publish.Func, "the driver")),
		"{lock}", or(s.Lock, "the driver's lock"),
		"{holder}", or(s.Holder.String(), "the function that holds it"),
		"{reg}", reg, "{ring}", ring, "{publish}", publish,
		"{dir}", or(dir, "transmit or receive"), "{n}", "the pending",
		"{how}", strings.TrimPrefix(v.Message, DiedPrefix),
	)
	return r.Replace
}

// faultWords says in words what a run's injected faults (as harness
// renders them: "kalloc-fails=1/16 dup-irq") did.
func faultWords(faults string) string {
	words := map[string]string{
		"kalloc-fails": "kalloc returned 0", "spurious-irq": "a spurious interrupt arrived",
		"dup-irq": "an interrupt was delivered twice", "rx-burst": "a burst of frames arrived",
		"dd-delay<": "the device wrote DD back late", "rx-fifo": "the receive FIFO overran",
	}
	var out []string
	for _, f := range strings.Fields(faults) {
		name, _, _ := strings.Cut(f, "=")
		name, _, _ = strings.Cut(name, "/")
		if w, ok := words[name]; ok {
			out = append(out, w)
		}
	}
	return strings.Join(out, ", ")
}
