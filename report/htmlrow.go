package report

import (
	"fmt"
	"strings"
)

// buildRow draws row r; prev is the row above it (for changes).
func buildRow(r, prev *Row, ncpu int, locks lockIndex) rowView {
	txh, txt := columnNames(r.Dev, 0)
	rxh, rxt := columnNames(r.Dev, 1)
	v := rowView{ID: fmt.Sprintf("r%d", r.Index), Time: FormatMillis(r.T), Locks: LocksText(r.Locks),
		Cells: make([]cellView, ncpu),
		TX:    ringCell(r.TX, prev.TX, txh, txt), RX: ringCell(r.RX, prev.RX, rxh, rxt)}
	var cls []string
	for _, h := range r.Locks {
		cls = append(cls, locks.id[h.Key])
	}
	for c := range v.Cells {
		v.Cells[c] = cpuCell(r, c, locks)
	}
	b := box(r, locks)
	if r.Lane == LaneCPU && r.CPU < ncpu {
		v.Cells[r.CPU].Box = b
		cls = append(cls, "on-c"+fmt.Sprint(r.CPU))
	} else {
		b.Src = r.Src
		v.NIC = b
		cls = append(cls, "on-nic")
	}
	v.Class = strings.Join(cls, " ")
	return v
}

// cpuCell marks interrupt context and the locks cpu holds or spins on.
func cpuCell(r *Row, cpu int, locks lockIndex) cellView {
	cls := []string{"c", "c" + fmt.Sprint(cpu)}
	if r.InIntr(cpu) {
		cls = append(cls, "intr")
	}
	var held []string
	for _, h := range r.Locks {
		switch {
		case h.CPU != cpu:
		case h.Spin:
			cls = append(cls, "spin")
			held = append(held, "spins on "+h.Lock)
		default:
			if len(held) == 0 {
				cls = append(cls, "held", locks.palette[h.Key])
			}
			held = append(held, "holds "+h.Lock)
		}
	}
	title := ""
	if len(held) > 0 {
		title = cpuName(cpu) + " " + strings.Join(held, ", ")
	}
	return cellView{Class: strings.Join(cls, " "), Title: title}
}

func box(r *Row, locks lockIndex) *boxView {
	b := &boxView{Class: "ev " + family(r.Kind), Kind: r.Kind, Args: r.Args(), At: r.At}
	if h, ok := lockOf(r); ok {
		b.Class += " " + locks.palette[h]
	}
	t := []string{strings.TrimSpace(fmt.Sprintf("t=%dns %s %s %s", r.T, r.Src, r.Kind, b.Args))}
	if r.Func != "" {
		t = append(t, "in "+r.Func)
	}
	if r.At != "" {
		t = append(t, "at "+r.At)
	}
	b.Title = strings.Join(t, "\n")
	return b
}

// ringCell renders a ring's registers, marking a change from prev and
// drawing the share of the ring the device owns.
func ringCell(g, prev Ring, head, tail string) ringView {
	v := ringView{Text: RingText(g)}
	if g != prev {
		v.Class = "chg"
	}
	v.Title = fmt.Sprintf("%s=%s %s=%s", head, num(g.Head), tail, num(g.Tail))
	if q := g.Queued(); q >= 0 {
		v.Title += fmt.Sprintf(", %d of %d descriptors between head and tail", q, g.Size)
		v.Pct = q * 100 / int(g.Size)
	}
	return v
}
