package netc

import (
	"encoding/binary"

	"github.com/nicsim/nicsim/sim"
)

// A process's user memory: one mapped region at userBase, holding the
// variables it passes to system calls, laid out back to back as on a
// stack, so that a copyout past one lands (silently, in xv6) in the next.
const (
	userBase = 0x4000
	userSize = 0x2000
)

// object is a user variable: where it is and what it is called.
type object struct {
	va   uint64
	size uint64
	name string
}

// userMem is a process's user memory and its variables.
type userMem struct {
	b    [userSize]byte
	objs []object
	next uint64
}

// alloc places a variable of size bytes and returns its address.
func (u *userMem) alloc(name string, size int) uint64 {
	if u.next == 0 {
		u.next = userBase
	}
	o := object{va: u.next, size: uint64(size), name: name}
	u.objs = append(u.objs, o)
	u.next += uint64(size)
	return o.va
}

// mapped reports whether [va, va+n) lies in the process's user memory.
func (u *userMem) mapped(va, n uint64) bool {
	return va >= userBase && n <= userSize && va-userBase <= userSize-n
}

// objectAt is the variable holding va, if any.
func (u *userMem) objectAt(va uint64) (object, bool) {
	for _, o := range u.objs {
		if va >= o.va && va < o.va+o.size {
			return o, true
		}
	}
	return object{}, false
}

func (u *userMem) slice(va, n uint64) []byte { return u.b[va-userBase : va-userBase+n] }

func (u *userMem) u32(va uint64) uint32 { return binary.LittleEndian.Uint32(u.slice(va, 4)) }
func (u *userMem) u16(va uint64) uint16 { return binary.LittleEndian.Uint16(u.slice(va, 2)) }

// kargs reads the four arguments rt_proc.c left for copyin or copyout.
func (s *Sys) kargs(addr uint64) (pt, x, y, n uint64) {
	var v [4]uint64
	for i := range v {
		v[i], _ = s.env.M.Mem.U64(addr + 8*uint64(i))
	}
	return v[0], v[1], v[2], v[3]
}

// copyOut is copyout(pagetable, dstva, src, len) for process p: -1 when
// dstva is not mapped (as xv6); a copy that runs past the user variable it
// starts in is a finding, although xv6 would let it overwrite the next.
func (s *Sys) copyOut(c *sim.CPU, p *Proc, args uint64) uint64 {
	m := s.env.M
	_, dst, src, n := s.kargs(args)
	m.EmitS(c.Source(), kindCopy, "copyout", dst, n, 0)
	data, err := m.Mem.Slice(src, n)
	if err != nil {
		m.Fail(sim.ClassCrash, "copyout%s reads %d bytes at %#x, outside kernel memory: %v", m.At(m.Site()), n, src, err)
	}
	if !p.user.mapped(dst, n) {
		return ^uint64(0)
	}
	o, ok := p.user.objectAt(dst)
	if !ok {
		m.Fail(ClassCopyout, "copyout%s in %s writes %d bytes to %#x, outside any variable process %d passed", m.At(m.Site()),
			p.call, n, dst, p.id)
	}
	if dst+n > o.va+o.size {
		m.Fail(ClassCopyout, "copyout%s in %s writes %d bytes to %#x, into the user's %s (%d bytes at %#x): %d bytes past its end (process %d)",
			m.At(m.Site()), p.call, n, dst, o.name, o.size, o.va, dst+n-(o.va+o.size), p.id)
	}
	copy(p.user.slice(dst, n), data)
	return 0
}

// copyIn is copyin(pagetable, dst, srcva, len) for process p: -1 when
// srcva is not mapped.
func (s *Sys) copyIn(c *sim.CPU, p *Proc, args uint64) uint64 {
	m := s.env.M
	_, src, dst, n := s.kargs(args)
	m.EmitS(c.Source(), kindCopy, "copyin", src, n, 0)
	if !p.user.mapped(src, n) {
		return ^uint64(0)
	}
	if err := m.Mem.Write(dst, p.user.slice(src, n)); err != nil {
		m.Fail(sim.ClassCrash, "copyin%s writes %d bytes at %#x, outside kernel memory: %v", m.At(m.Site()), n, dst, err)
	}
	return 0
}
