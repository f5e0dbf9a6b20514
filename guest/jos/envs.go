package jos

import (
	"encoding/binary"
	"fmt"

	"github.com/nicsim/nicsim/guest"
	"github.com/nicsim/nicsim/sim"
)

// The user environments of the grader scenarios: the student's
// net/output.c and net/input.c run as coroutines of the hosted image
// (rt_jos_env.c), each on its own CPU, entering the kernel through their
// own lib/syscall.c. Every system call takes the big kernel lock and asks
// this model what it does: the lab skeleton's calls (pages, IPC, yield,
// time) are performed here; the calls the student added run their
// kern/syscall.c syscall() under the lock. The test environment (the
// grader's net/testoutput.c or net/testinput.c, which stands where the
// core network server would) is Go, at its IPC boundary.

// Kernel calls of rt_jos_env.c (EV_KCALL a).
const (
	kcSyscall   = 16
	kcSysret    = 17
	kcWait      = 18
	kcIPCInfo   = 19
	kcMemAssert = 20
	kcEnvDone   = 21
)

// What a system call does, as rt_jos_env.c's nicsim_jos_trap carries it out.
const (
	actDone = iota
	actRoute
	actWait
	actDestroy
	actMap
	actMapZero
	actUnmap
	actSleep
)

// opEnv runs a user environment (nicsim_kernel_entry).
const opEnv = 16

// Programs of an environment.
const (
	progOutput = 1
	progInput  = 2
)

// The lab skeleton's system call numbers (inc/syscall.h).
const (
	sysCputs = iota
	sysCgetc
	sysGetenvid
	sysEnvDestroy
	sysPageAlloc
	sysPageMap
	sysPageUnmap
	sysExofork
	sysEnvSetStatus
	sysEnvSetTrapframe
	sysEnvSetPgfaultUpcall
	sysYield
	sysIPCTrySend
	sysIPCRecv
	sysTimeMsec
)

var sysNames = []string{"sys_cputs", "sys_cgetc", "sys_getenvid", "sys_env_destroy", "sys_page_alloc", "sys_page_map",
	"sys_page_unmap", "sys_exofork", "sys_env_set_status", "sys_env_set_trapframe", "sys_env_set_pgfault_upcall",
	"sys_yield", "sys_ipc_try_send", "sys_ipc_recv", "sys_time_msec"}

// JOS's errors (inc/error.h) and page permissions (inc/mmu.h).
const (
	eBadEnv     = 2
	eInval      = 3
	eNoMem      = 4
	eNoFreeEnv  = 5
	eIPCNotRecv = 7
	pteP        = 0x1
	pteW        = 0x2
	pteU        = 0x4
	pteSyscall  = 0xE07
	// UTOP is inc/memlayout.h's; the hosted environments' pages lie above
	// it (in the image), so only UTOP itself means "no page".
	UTOP = 0xEEC00000
)

// Environment ids: the test (Go) 0x1001, the output environment 0x1002,
// the input environment 0x1003, as ENV_CREATE and fork would number them.
const (
	testEnvID   = 0x1001
	outputEnvID = 0x1002
	inputEnvID  = 0x1003
)

// maxMappings bounds the pages an environment maps (rt_jos_env.c's
// NICSIM_NMAP).
const maxMappings = 32

// ipcMsg is an IPC delivered to an environment.
type ipcMsg struct {
	value, from, pa, perm uint32
}

// userEnv is one user environment (net/output.c or net/input.c).
type userEnv struct {
	slot     int
	id       uint32
	name     string
	prog     int
	recving  bool    // blocked in ipc_recv
	inbox    *ipcMsg // sent to it, not yet returned by its ipc_recv
	info     ipcMsg  // the last IPC its ipc_recv returned
	maps     map[uint32]uint32
	destroy  bool // the run is over: its next system call ends it
	done     bool
	wait     sim.Time // how long its next KC_WAIT sleeps
	buf      *UserBuffer
	heldPage []byte // the NSREQ_OUTPUT frame it holds
}

var kindSyscall = sim.RegisterKind("jos.syscall", func(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("%s = %d", e.S, int64(int32(e.A)))
})

var kindIPC = sim.RegisterKind("jos.ipc", func(e *sim.Event, _ func(uint64) string) string {
	return fmt.Sprintf("%s page=%#x", e.S, e.A)
})

// envCalls is the model of the environments' kernel: what KernelCall
// routes to for calls from kcSyscall on.
type envCalls struct {
	w    *envWorkload
	envs map[int]*userEnv   // by slot
	net  map[int]NetSyscall // the student's net calls by number
}

func (s *envCalls) fail(class, format string, args ...any) { s.w.env.M.Fail(class, format, args...) }

// KernelCall performs one of rt_jos_env.c's kernel calls for the
// environment running on CPU c.
func (s *envCalls) KernelCall(c *sim.CPU, n, a, b uint64) (uint64, sim.Time) {
	w := s.w
	m := w.env.M
	switch n {
	case kcSyscall:
		e := s.envs[int(b)]
		if e == nil {
			s.fail(sim.ClassInternal, "jos: a system call from environment slot %d, which nicsim did not start", b)
			return actDestroy << 32, 0
		}
		var raw [28]byte
		if err := m.Mem.Read(w.lay.Physical(a), raw[:]); err != nil {
			s.fail(sim.ClassInternal, "jos: system call block: %v", err)
			return actDestroy << 32, 0
		}
		var sc [7]uint32
		for i := range sc {
			sc[i] = binary.LittleEndian.Uint32(raw[4*i:])
		}
		act, res, pa := s.syscall(c, e, sc[0], sc[1:6], sc[6])
		name := fmt.Sprintf("%s: syscall %d", e.name, sc[0])
		if int(sc[0]) < len(sysNames) {
			name = e.name + ": " + sysNames[sc[0]]
		} else if nc, ok := s.net[int(sc[0])]; ok {
			name = e.name + ": " + nc.Name
		}
		if act != actWait {
			m.EmitS(c.Source(), kindSyscall, name, uint64(uint32(res)), 0, 0)
		}
		return uint64(uint32(res)) | uint64(act)<<32 | uint64(pa>>12)<<40, 0
	case kcWait:
		e := s.envOn(c)
		if e == nil || e.wait <= 0 {
			return 0, sim.Microsecond
		}
		d := e.wait
		e.wait = 0
		return 0, d
	case kcIPCInfo:
		e := s.envOn(c)
		if e == nil {
			return 0, 0
		}
		if a == 0 {
			return uint64(e.info.value), 0
		}
		return uint64(e.info.from)<<32 | uint64(e.info.perm), 0
	case kcMemAssert:
		if e := s.envOn(c); e != nil && e.buf != nil {
			e.buf.Checked(a, b)
		}
		return 0, 0
	case kcSysret:
		if e := s.envOn(c); e != nil {
			s.routed(c, e, int32(uint32(a)))
		}
		return 0, 0
	case kcEnvDone:
		if e := s.envs[int(a)]; e != nil {
			e.done = true
		}
		return 0, 0
	}
	s.fail(sim.ClassInternal, "jos: unknown kernel call %d", n)
	return 0, 0
}

// envOn is the environment that runs on CPU c.
func (s *envCalls) envOn(c *sim.CPU) *userEnv {
	for _, e := range s.envs {
		if e.slot == c.ID {
			return e
		}
	}
	return nil
}

// yieldTime is how long sys_yield (or a blocked ipc_recv) keeps an
// environment off its CPU: JOS runs the others meanwhile.
func (s *envCalls) yieldTime() sim.Time {
	return sim.Time(5+s.w.env.M.Intn(sim.StreamWorkload, 46)) * sim.Microsecond
}

// syscall decides what system call num does for environment e.
func (s *envCalls) syscall(c *sim.CPU, e *userEnv, num uint32, a []uint32, srcPA uint32) (act int, res int32, pa uint32) {
	if e.destroy {
		return actDestroy, 0, 0
	}
	w := s.w
	switch num {
	case sysCputs, sysGetenvid:
		return actRoute, 0, 0
	case sysCgetc:
		return actDone, 0, 0
	case sysEnvDestroy:
		if a[0] == 0 || a[0] == e.id {
			s.fail(sim.ClassPanic, "%s destroyed itself (sys_env_destroy): the network server's environments run forever in lab 6", e.name)
			return actDestroy, 0, 0
		}
		return actDone, -eBadEnv, 0
	case sysYield:
		e.wait = s.yieldTime()
		return actSleep, 0, 0
	case sysExofork:
		return actDone, -eNoFreeEnv, 0
	case sysEnvSetStatus, sysEnvSetTrapframe:
		return actDone, -eInval, 0
	case sysEnvSetPgfaultUpcall:
		return actDone, 0, 0
	case sysPageAlloc:
		return s.pageAlloc(e, a[0], a[1], a[2])
	case sysPageMap:
		if (a[0] != 0 && a[0] != e.id) || (a[2] != 0 && a[2] != e.id) {
			s.fail(sim.ClassConfig, "%s: sys_page_map between environments %#x and %#x: nicsim maps pages only within an environment", e.name, a[0], a[2])
			return actDestroy, 0, 0
		}
		if srcPA == 0 {
			return actDone, -eInval, 0
		}
		if r := s.checkVA(e, a[3], a[4]); r != 0 {
			return actDone, r, 0
		}
		e.maps[a[3]] = srcPA
		return actMap, 0, srcPA
	case sysPageUnmap:
		if a[0] != 0 && a[0] != e.id {
			return actDone, -eBadEnv, 0
		}
		delete(e.maps, a[1]&^(PageSize-1))
		return actUnmap, 0, 0
	case sysIPCTrySend:
		return s.trySend(c, e, a[0], a[1], a[2], a[3], srcPA)
	case sysIPCRecv:
		return s.recv(c, e, a[0])
	case sysTimeMsec:
		return actDone, int32(w.env.M.Now() / sim.Millisecond), 0
	}
	e.buf = nil
	if nc, ok := s.net[int(num)]; ok && nc.Role != RoleOther && a[0] != 0 {
		e.buf = &UserBuffer{Call: nc.Name, num: nc.Num, Lo: uint64(a[0]), Hi: uint64(a[0]) + 1, Receive: nc.Role == RoleReceive}
		if nc.LenArg {
			e.buf.Hi = uint64(a[0]) + uint64(max(a[1], 1))
		} else {
			e.buf.Sized = true // the kernel's check gives the size
		}
	}
	return actRoute, 0, 0
}

// checkVA checks a page address and permissions as sys_page_alloc does;
// a va nicsim cannot back fails the run.
func (s *envCalls) checkVA(e *userEnv, va, perm uint32) int32 {
	if va%PageSize != 0 || perm&(pteU|pteP) != pteU|pteP || perm&^pteSyscall != 0 {
		return -eInval
	}
	lay := s.w.lay
	inImage := uint64(va) >= lay.Virt && uint64(va) < lay.Virt+uint64(len(s.w.env.M.Mem.B))
	if !inImage && (va < UserWindow || va >= UserWindow+UserWindowSize) {
		s.fail(sim.ClassConfig, "%s maps a page at %#x: nicsim backs an environment's pages at user variables of the image (nsipcbuf, a static page-aligned buffer) and at %#x-%#x (REQVA), not there", e.name, va, UserWindow, UserWindow+UserWindowSize)
		return -eInval
	}
	if _, ok := e.maps[va]; !ok && len(e.maps) >= maxMappings {
		return -eNoMem
	}
	return 0
}

// pageAlloc is sys_page_alloc: a fresh zeroed page of RAM at va.
func (s *envCalls) pageAlloc(e *userEnv, envid, va, perm uint32) (int, int32, uint32) {
	if envid != 0 && envid != e.id {
		return actDone, -eBadEnv, 0
	}
	if r := s.checkVA(e, va, perm); r != 0 {
		return actDone, r, 0
	}
	pa := s.w.page()
	if pa == 0 {
		return actDone, -eNoMem, 0
	}
	e.maps[va] = pa
	return actMapZero, 0, pa
}

// trySend is sys_ipc_try_send from an environment: only the test
// environment (the core server's place) receives.
func (s *envCalls) trySend(c *sim.CPU, e *userEnv, to, value, srcva, perm, pa uint32) (int, int32, uint32) {
	w := s.w
	if to != testEnvID {
		return actDone, -eBadEnv, 0
	}
	if !w.testRecving {
		return actDone, -eIPCNotRecv, 0
	}
	if srcva != UTOP && pa == 0 {
		return actDone, -eInval, 0
	}
	w.testRecving = false
	w.inFrom = ipcMsg{value: value, from: e.id, pa: pa, perm: perm}
	w.inSite = where(w.env.M, c)
	if pa != 0 && value == NSReqInput {
		page := make([]byte, PageSize)
		_ = w.env.M.Mem.Read(uint64(pa), page)
		w.srv.InputSent(uint64(pa), page, int64(w.env.M.Now()))
	}
	w.env.M.EmitS(c.Source(), kindIPC, fmt.Sprintf("%s -> test: value %d", e.name, value), uint64(pa), 0, 0)
	return actDone, 0, 0
}

// recv is sys_ipc_recv: a message sent already returns; otherwise the
// environment blocks (sleeps and asks again).
func (s *envCalls) recv(c *sim.CPU, e *userEnv, dstva uint32) (int, int32, uint32) {
	w := s.w
	if !e.recving {
		e.recving = true
		if e.prog == progOutput {
			if f := w.srv.OutputRecv(); f != nil {
				s.fail(f.Class, "%s; %s called ipc_recv at %s", f.Msg, e.name, where(w.env.M, c))
				return actDestroy, 0, 0
			}
		}
	}
	msg := e.inbox
	if msg == nil {
		e.wait = s.yieldTime()
		return actWait, 0, 0
	}
	e.recving, e.inbox = false, nil
	e.info = *msg
	w.env.M.EmitS(c.Source(), kindIPC, fmt.Sprintf("%s <- test: value %d", e.name, msg.value), uint64(msg.pa), 0, 0)
	if e.prog == progOutput && msg.value == NSReqOutput {
		page := make([]byte, PageSize)
		_ = w.env.M.Mem.Read(uint64(msg.pa), page)
		frame, _ := JifFrame(page)
		w.srv.OutputReceived(frame)
	}
	if msg.pa == 0 || dstva == UTOP {
		e.info.perm = 0
		return actDone, 0, 0
	}
	if r := s.checkVA(e, dstva, msg.perm|pteP|pteU); r != 0 {
		return actDone, r, 0
	}
	e.maps[dstva] = msg.pa
	return actMap, 0, msg.pa
}

// routed sees the result of the student's syscall() for a call it added:
// a transmit or receive call that handed the user's buffer to the driver
// without user_mem_assert covering it fails the run.
func (s *envCalls) routed(c *sim.CPU, e *userEnv, res int32) {
	if b := e.buf; b != nil {
		e.buf = nil
		if !b.checked {
			at := ""
			if nc, ok := s.net[b.num]; ok && nc.Line > 0 {
				at = fmt.Sprintf("the case of syscall (syscall.c:%d) ", nc.Line)
				if nc.Handler != "" {
					at += "calls " + nc.Handler + ", which "
				}
			}
			size := fmt.Sprintf("%d-byte buffer", b.Hi-b.Lo)
			if b.Sized {
				size = "buffer"
			}
			s.fail(ClassUncheckedPointer, "%s: %sgave the driver the user's %s at %#x without user_mem_assert (or user_mem_check) covering it first (%s called it at %s): a bad pointer from the environment (unmapped, or a kernel address) faults in the kernel or leaks kernel memory instead of destroying the environment",
				b.Call, at, size, b.Lo, e.name, where(s.w.env.M, c))
			return
		}
	}
	if e.prog == progOutput && res >= 0 {
		s.w.srv.Transmitted()
	}
}

// where is the C call chain of the environment running on c
// ("nicsim_jos_int30 <- ipc_send <- input (net/input.c:30) <- ...").
func where(m *sim.Machine, c *sim.CPU) string {
	t := c.Top()
	if t == nil {
		return "?"
	}
	if w, ok := t.(interface{ Where() sim.Where }); ok {
		if at := w.Where(); at.N > 0 {
			return at.Render(m.Trace.Symbolize)
		}
	}
	return t.Describe()
}

// startEnv starts environment e on its CPU.
func (w *envWorkload) startEnv(e *userEnv) {
	c := w.env.M.CPUs[e.slot]
	ctx := w.call.Call(w.env.K, e.name, opEnv, uint64(e.slot)|uint64(e.id)<<32, uint64(e.prog)|uint64(testEnvID)<<32)
	c.Call(ctx)
}

// guard keeps kernel (the driver-level model) from depending on the
// environments for other calls.
var _ guest.KernelCalls = (*envCalls)(nil)
