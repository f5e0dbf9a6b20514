package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/nicsim/nicsim/guest/xv6"
)

// Purpose-built hostile drivers: the reference driver with code planted at
// the start of e1000_init (or in e1000_transmit), each a way a student's
// driver can attack or wreck the process that runs it.

const rawSyscall = `static long hostile_sys(long n, long a, long b, long c) {
  long r;
  register long r10 __asm__("r10") = 8; /* rt_sigprocmask's sigsetsize */
  __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
  return r;
}
`

// hostileDriver writes the reference driver with code planted at the start
// of e1000_init (and helpers before it) into dir and returns its path.
func hostileDriver(t *testing.T, dir, name, helpers, code string) string {
	t.Helper()
	src, err := xv6.Driver("ref:xv6")
	if err != nil {
		t.Fatal(err)
	}
	const init = "void e1000_init(uint32 *xregs) {"
	s := strings.Replace(string(src), init, rawSyscall+helpers+init+"\n"+code, 1)
	file := filepath.Join(dir, name+".c")
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

type hostile struct {
	name, helpers, code string
	class, want         string // verdict class and a part of its message
}

// runProc runs nicsim (this test binary, see TestMain) in a process of its
// own: the sandbox's filters, once installed, stay with a process and its
// children, so the test process never loads a driver itself.
func runProc(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb strings.Builder
	cmd := exec.Command(os.Args[0], args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String(), errb.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errb.String()
}

// Under the sandbox, every system call of the driver is a verdict.
func sandboxedHostiles(canary string) []hostile {
	return []hostile{
		{"open", "", `hostile_sys(2, (long)"/etc/passwd", 0, 0);`, "crash", "system call 2 (open) at open.c:"},
		{"write", "", `hostile_sys(1, 1, (long)"pwned\n", 6);`, "crash", "system call 1 (write)"},
		{"creat", "", `hostile_sys(85, (long)"` + canary + `", 0644, 0);`, "crash", "system call 85 (creat)"},
		{"fork", "", `hostile_sys(57, 0, 0, 0);`, "crash", "system call 57 (fork)"},
		{"execve", "", `hostile_sys(59, (long)"/bin/sh", 0, 0);`, "crash", "system call 59 (execve)"},
		{"kill", "", `hostile_sys(62, 1, 0, 0);`, "crash", "system call 62 (kill)"},
		{"exit_group", "", `hostile_sys(231, 0, 0, 0);`, "crash", "system call 231 (exit_group)"},
		{"exit3", "", `hostile_sys(60, 3, 0, 0);`, "crash", "system call 60 (exit)"},
		{"sigblock-spin", "", "unsigned long all = ~0UL;\n  hostile_sys(14, 0, (long)&all, 0);\n  for (;;)\n    ;",
			"crash", "system call 14 (rt_sigprocmask)"},
		{"recursion", "int deep(int n) {\n  volatile char pad[512];\n  pad[0] = n;\n  return n ? deep(n - 1) + pad[0] : 0;\n}\n",
			"deep(1 << 30);", "crash", "stack overflow in deep (recursion.c:"},
		{"wild-write", "", "*(volatile uint64 *)0xc000010000ULL = 42;", "crash", "accessing 0xc000010000 (a write to an address outside"},
		// An uninstrumented store (inline assembly) is not seen by the
		// runtime: it faults, and the fault in the image is a verdict.
		{"asm-write", "", `__asm__ volatile("movabsq %%rax, 0xc000010000" : : "a"(42L) : "memory");`, "crash",
			"SIGSEGV accessing 0xc000010000 at asm-write.c:"},
		// Before: "driver killed the worker: signal SIGTRAP", no line.
		{"int3", "", `__asm__ volatile("int3");`, "crash", "SIGTRAP (int3) at pc 0x80000"},
		// Before: "SIGSEGV accessing 0x0 in 0x0 (cpu0: 0x0)", no driver line.
		{"jump-null", "", "((void (*)(void))0)();", "crash", "SIGSEGV jumping to 0x0, outside the driver's code (a call through a null or wild function pointer, or a return through a smashed stack), at jump-null.c:"},
		// Before: both passed: the image's code, nicsim's hooks included,
		// was writable.
		{"code-write", "void hcode(void) { }\n", "*(volatile unsigned char *)(void *)&hcode = 0xc3;\n  hcode();",
			"crash", "at code-write.c:"},
		{"patch-tx", "", "*(volatile unsigned char *)(void *)&e1000_transmit = 0xc3;",
			"crash", "a write to the code of e1000_transmit at 0x"},
		// Before: "SIGSEGV accessing 0x0" for a privileged instruction.
		// Its kernel runs it in ring 0: nicsim's limit, not a driver bug
		// (exit 2, verdict error).
		{"hlt", "", `__asm__ volatile("hlt");`, "internal-error", "privileged x86 instruction hlt at hlt.c:"},
		// Before: "SIGSEGV accessing 0x0 in nicsim_coro_main", no driver line.
		{"canary", "", "{ char b[8];\n  volatile char *q = b;\n  for (int i = 0; i < 64; i++)\n    q[i] = 0x41; }",
			"panic", "stack smashing detected: the function wrote past the end of a local array and overwrote its stack canary at canary.c:"},
		// Before: the worker grew past 8 GiB and died, again and again.
		{"flood", "", `for (int i = 0; i < 100000; i++) printf("spam spam spam spam spam spam %d\n", i);`,
			"livelock", "e1000_init floods the console: more than 2048 KiB printed in one run"},
	}
}

// huntHostile hunts file with a few seeds and checks the verdict, then
// replays its file twice: exit 1 and the same trace hash each time.
func huntHostile(t *testing.T, file string, h hostile, extra ...string) jsonSummary {
	t.Helper()
	out := t.TempDir()
	args := append([]string{"hunt", "--driver", file, "--seeds", "3", "--workers", "1", "--json", "--out", out}, extra...)
	code, stdout, stderr := runProc(t, args...)
	want := exitFail
	if h.class == "internal-error" {
		want = exitUsage // nicsim could not run it: no verdict on the driver
	}
	if code != want {
		t.Fatalf("%s: exit %d, want %d\n%s%s", h.name, code, want, stdout, stderr)
	}
	s := lastJSON(t, stdout)
	if h.class == "internal-error" && strings.Contains(stdout, "[nicsim] make grade (") {
		// The grader's subtests are not graded, not failed by the driver.
		for _, w := range []string{"not graded: nicsim could not run the driver here", "make grade: not known: nicsim could not run the driver",
			"lab (QEMU, make grade): no driver bug where nicsim could run the driver (not a pass"} {
			if !strings.Contains(stdout, w) {
				t.Errorf("%s: output lacks %q\n%s", h.name, w, stdout)
			}
		}
	}
	if s.Class != h.class || !strings.Contains(s.Message, h.want) || s.Replay == "" {
		t.Fatalf("%s: %s %q (replay %q), want %s naming %q", h.name, s.Class, s.Message, s.Replay, h.class, h.want)
	}
	if strings.Contains(stdout+stderr, "goroutine ") {
		t.Errorf("%s: a Go goroutine dump reached the user:\n%s%s", h.name, stdout, stderr)
	}
	var shared []string // the flags replay takes too (the file names the scenario)
	for i := 0; i < len(extra); i++ {
		if extra[i] == "--scenario" {
			i++
			continue
		}
		shared = append(shared, extra[i])
	}
	for i := 0; i < 2; i++ {
		rargs := append([]string{"replay", s.Replay, "--json"}, shared...)
		code, rout, rerr := runProc(t, rargs...)
		if code != exitFail {
			t.Fatalf("%s: replay %d: exit %d, want 1\n%s%s", h.name, i, code, rout, rerr)
		}
		if s.TraceHash != "" && lastJSON(t, rout).TraceHash != s.TraceHash {
			t.Fatalf("%s: replay %d: trace hash %s, want %s", h.name, i, lastJSON(t, rout).TraceHash, s.TraceHash)
		}
		if s.TraceHash == "" && !strings.Contains(rout, "driver killed the worker") {
			t.Fatalf("%s: replay %d does not report the worker's death:\n%s", h.name, i, rout)
		}
	}
	return s
}

func TestHostileDriversSandboxed(t *testing.T) {
	dir := t.TempDir()
	canary := filepath.Join(t.TempDir(), "created-by-driver")
	for _, h := range sandboxedHostiles(canary) {
		t.Run(h.name, func(t *testing.T) {
			huntHostile(t, hostileDriver(t, dir, h.name, h.helpers, h.code), h)
		})
	}
	if _, err := os.Stat(canary); err == nil {
		t.Errorf("a driver created %s", canary)
	}
}

// A replay whose output goes to a file (a TA's "nicsim replay F > log")
// prints its verdict: the worker, which may grow no file, writes to a pipe.
// Before, the worker's writes failed (EFBIG) and replay printed nothing.
func TestReplayOutputToAFile(t *testing.T) {
	h := sandboxedHostiles("")[0] // open: fails at once
	s := huntHostile(t, hostileDriver(t, t.TempDir(), "open", h.helpers, h.code), h)
	log, err := os.Create(filepath.Join(t.TempDir(), "replay.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer log.Close()
	cmd := exec.Command(os.Args[0], "replay", s.Replay)
	cmd.Stdout, cmd.Stderr = log, log
	err = cmd.Run()
	b, _ := os.ReadFile(log.Name())
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitFail || !strings.Contains(string(b), "reproduced exactly: trace hash "+s.TraceHash) {
		t.Fatalf("replay > file: %v\n%s", err, b)
	}
}

// Without the sandbox the same drivers kill their worker process: each
// death is a finding with a replay file, and nicsim goes on.
func TestHostileDriversUnsandboxedKillWorkers(t *testing.T) {
	// Seccomp filters stay with a process and its children: a test that
	// loaded a driver in this process would sandbox these runs.
	if b, _ := os.ReadFile("/proc/self/status"); strings.Contains(string(b), "\nSeccomp:\t2") {
		t.Fatalf("the test process has a seccomp filter: some test loaded a C driver in-process (use runProc)")
	}
	dir := t.TempDir()
	for _, h := range []hostile{
		{"exit_group", "", `hostile_sys(231, 0, 0, 0);`, "crash", "driver killed the worker: exit status 0"},
		{"exit3", "", `hostile_sys(231, 3, 0, 0);`, "crash", "driver killed the worker: exit status 3"},
		{"thread-exit", "", `hostile_sys(60, 3, 0, 0);`, "livelock", "driver killed the worker: the run went on past the 1s"},
		{"abort", "", `hostile_sys(62, hostile_sys(39, 0, 0, 0), 6, 0);`, "crash", "driver killed the worker: signal SIGABRT"},
		{"sigblock-spin", "", "unsigned long all = ~0UL;\n  hostile_sys(14, 0, (long)&all, 0);\n  for (;;)\n    ;",
			"livelock", "driver killed the worker: the run went on past the 1s wall-clock budget"},
	} {
		t.Run(h.name, func(t *testing.T) {
			huntHostile(t, hostileDriver(t, dir, h.name, h.helpers, h.code), h, "--sandbox=off", "--run-timeout=1s")
		})
	}
}

// A DMA from a buffer on the driver's stack is a DMA fault at the same
// stack address, with the same trace hash, in every process.
func TestStackDMADeterministic(t *testing.T) {
	src, err := xv6.Driver("ref:xv6")
	if err != nil {
		t.Fatal(err)
	}
	s := strings.Replace(string(src), "  d->addr = (uint64)m->head;",
		"  char frame[64];\n  memmove(frame, m->head, 64);\n  printf(\"frame at %p\\n\", frame);\n  d->addr = (uint64)frame;", 1)
	file := filepath.Join(t.TempDir(), "stackdma.c")
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	a := huntHostile(t, file, hostile{name: "stack-dma", class: "lost-packet", want: "quiescent"})
	if a.TraceHash == "" {
		t.Fatalf("no trace hash")
	}
}

// Killing nicsim (kill -9) leaves no worker behind.
func TestNoWorkerOutlivesNicsim(t *testing.T) {
	file := hostileDriver(t, t.TempDir(), "spin", "", "for (;;)\n    ;")
	cmd := exec.Command(os.Args[0], "hunt", "--driver", file, "--seeds", "20", "--workers", "2", "--out", t.TempDir())
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer stdout.Close()
	var workers []int
	for i := 0; i < 1000 && len(workers) < 2; i++ { // the driver compiles, then workers start
		time.Sleep(20 * time.Millisecond)
		workers = childrenOf(cmd.Process.Pid)
	}
	if len(workers) < 2 {
		cmd.Process.Kill()
		t.Fatalf("nicsim started %d workers, want 2", len(workers))
	}
	cmd.Process.Kill()
	cmd.Wait()
	for i := 0; i < 100; i++ {
		alive := 0
		for _, p := range workers {
			if syscall.Kill(p, 0) == nil {
				alive++
			}
		}
		if alive == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, p := range workers {
		syscall.Kill(p, syscall.SIGKILL)
	}
	t.Fatalf("workers %v outlived nicsim", workers)
}

// childrenOf lists the hunt worker processes whose parent is pid.
func childrenOf(pid int) []int {
	ents, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
		cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if len(f) > 1 && f[1] == strconv.Itoa(pid) && strings.Contains(string(cmdline), "--worker") {
			out = append(out, p)
		}
	}
	return out
}

// --workers above the number of cores is refused unless forced.
func TestWorkersCappedAtCores(t *testing.T) {
	code, _, errs := runCLI(t, "hunt", "--driver", "model:xv6", "--seeds", "1", "--workers", "1000")
	if code != exitUsage || !strings.Contains(errs, "--force-workers") {
		t.Fatalf("--workers 1000: exit %d, %s; want 2 and a hint at --force-workers", code, errs)
	}
	code, out, errs := runCLI(t, "hunt", "--driver", "model:xv6", "--seeds", "4", "--workers", "64", "--force-workers")
	if code != exitOK {
		t.Fatalf("--workers 64 --force-workers: exit %d\n%s%s", code, out, errs)
	}
}

// A file that is not C source is refused in one line.
func TestDriverNotCSource(t *testing.T) {
	for _, d := range []string{"/bin/true", "/dev/zero"} {
		code, out, errs := runCLI(t, "hunt", "--driver", d, "--seeds", "1")
		if code != exitUsage || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "not a C source file") {
			t.Fatalf("--driver %s: exit %d\n%s%s", d, code, out, errs)
		}
	}
}

// A replay file's driver line names what replay compiles: only C sources,
// never an arbitrary host file; a changed driver is named as such.
func TestReplayDriverLine(t *testing.T) {
	dir := t.TempDir()
	h := sandboxedHostiles("")[0] // open: fails at once
	file := hostileDriver(t, dir, "open", h.helpers, h.code)
	s := huntHostile(t, file, h)
	b, err := os.ReadFile(s.Replay)
	if err != nil {
		t.Fatal(err)
	}
	evil := filepath.Join(dir, "evil.replay")
	os.WriteFile(evil, []byte(strings.Replace(string(b), "driver: "+file, "driver: /etc/passwd", 1)), 0o644)
	code, out, errs := runProc(t, "replay", evil)
	if code != exitUsage || !strings.Contains(errs, "/etc/passwd: not a C source file") || strings.Contains(out+errs, "root:") {
		t.Fatalf("replay naming /etc/passwd: exit %d\n%s%s", code, out, errs)
	}
	src, _ := os.ReadFile(file)
	os.WriteFile(file, append(src, []byte("\n/* edited */\n")...), 0o644)
	code, out, errs = runProc(t, "replay", s.Replay)
	if code != exitFail || !strings.Contains(out, "the driver changed since") {
		t.Fatalf("replay of an edited driver: exit %d\n%s%s", code, out, errs)
	}
}

// A worker killed from outside (SIGKILL) is a finding on the seed it was
// running; run again alone, the seed passes, and the report says so.
func TestWorkerKilledFromOutside(t *testing.T) {
	out := t.TempDir()
	// The image is built (or found in the cache) first, so that the kill
	// below lands in the worker's seeds, not in a cold build of the driver.
	if code, o, e := runProc(t, "hunt", "--driver", "ref:xv6", "--scenario", "ping", "--seeds", "1", "--out", out); code != exitOK {
		t.Fatalf("warm-up hunt: exit %d\n%s%s", code, o, e)
	}
	// Enough seeds that the worker is still at them when killed; the hunt
	// then goes on with the rest in a fresh worker.
	cmd := exec.Command(os.Args[0], "hunt", "--driver", "ref:xv6", "--scenario", "ping", "--seeds", "3000", "--workers", "1", "--json", "--out", out)
	var stdout strings.Builder
	cmd.Stdout = &stdout
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var workers []int
	for i := 0; i < 200 && len(workers) == 0; i++ {
		time.Sleep(20 * time.Millisecond)
		workers = childrenOf(cmd.Process.Pid)
	}
	if len(workers) == 0 {
		cmd.Process.Kill()
		t.Fatalf("no worker started")
	}
	time.Sleep(300 * time.Millisecond) // into its seeds
	syscall.Kill(workers[0], syscall.SIGKILL)
	err := cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitFail {
		t.Fatalf("hunt: %v, want exit 1\n%s", err, stdout.String())
	}
	s := lastJSON(t, stdout.String())
	if !strings.Contains(s.Message, "driver killed the worker: signal SIGKILL") || !strings.Contains(s.Message, "the seed passed") || s.Replay == "" {
		t.Fatalf("verdict %s %q (replay %q), want the worker's death on its seed, not reproduced", s.Class, s.Message, s.Replay)
	}
	if s.Schedules != 3000 {
		t.Fatalf("%d schedules, want 3000: a fresh worker goes on with the dead one's seeds", s.Schedules)
	}
}

// The JOS kit compiles a driver with the lab's flags before hosting it;
// that gcc runs jailed too. Before, it ran unconfined: an #include
// "/etc/passwd" printed the file's first line in the error, and
// #include "/dev/zero" ran until the kernel killed cc1 (two minutes).
func TestJOSLabCompileJailed(t *testing.T) {
	lab := filepath.Join(t.TempDir(), "lab")
	if err := os.CopyFS(lab, os.DirFS("../../guest/jos/drivers/ref")); err != nil {
		t.Fatal(err)
	}
	drv := filepath.Join(lab, "kern", "e1000.c")
	src, err := os.ReadFile(drv)
	if err != nil {
		t.Fatal(err)
	}
	for _, inc := range []string{"/etc/passwd", "/dev/zero"} {
		if err := os.WriteFile(drv, append([]byte("#include \""+inc+"\"\n"), src...), 0o644); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		code, out, errs := runProc(t, "hunt", "--driver", lab, "--scenario", "ping", "--seeds", "1", "--out", t.TempDir())
		if code != exitUsage || !strings.Contains(errs, inc+": Permission denied") || strings.Contains(out+errs, "root:") {
			t.Fatalf("#include %q: exit %d after %v\n%s%s", inc, code, time.Since(start), out, errs)
		}
	}
}

// A longjmp from e1000_transmit to a setjmp in e1000_init, which has
// returned, runs init's tail on a dead frame and returns into nicsim's
// runtime. Before, the verdict named only nicsim_coro_main.
func TestHostileLongjmpToReturnedFunction(t *testing.T) {
	src, err := xv6.Driver("ref:xv6")
	if err != nil {
		t.Fatal(err)
	}
	const init, tx = "void e1000_init(uint32 *xregs) {", "int e1000_transmit(struct mbuf *m) {"
	s := strings.Replace(string(src), init, "static void *jb[5];\n"+init+"\n  if (__builtin_setjmp(jb))\n    return;", 1)
	s = strings.Replace(s, tx, tx+"\n  __builtin_longjmp(jb, 1);", 1)
	file := filepath.Join(t.TempDir(), "longjmp.c")
	if err := os.WriteFile(file, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	huntHostile(t, file, hostile{name: "longjmp", class: "crash",
		want: "after e1000_transmit returned into nicsim's runtime (nicsim_coro_main) with a broken stack or registers"})
}

// hostileSyscall is rawSyscall for a file the JOS kit also compiles as the
// lab does (gcc -m32): the system call is made only in the x86-64 build
// nicsim hosts.
const hostileSyscall = `static long hostile_sys(long n, long a, long b, long c) {
  long r = -1;
#ifdef __x86_64__
  register long r10 __asm__("r10") = 8;
  __asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10) : "rcx", "r11", "memory");
#endif
  return r;
}
`

// Hostile drivers of the other kernels: the reference driver or lab
// folder copied, with code planted after anchor in one file.
func TestHostileDriversOtherKernels(t *testing.T) {
	for _, c := range []struct {
		name, tree, file, anchor, helpers, code string
		extra                                   []string
		class, want                             string
	}{
		// Before: "SIGBUS accessing 0x0 in nicsim_kernel_entry".
		{"eth-canary", "../../guest/eth/drivers/ref", "eth.c", "uint8_t _eth_tx(uint8_t *data, uint16_t len, uint16_t id)\n{", "",
			"{ char b[8];\n  volatile char *q = b;\n  for (int i = 0; i < 64; i++)\n    q[i] = 0x41; }", nil,
			"panic", "stack smashing detected: the function wrote past the end of a local array and overwrote its stack canary at eth.c:"},
		// Before: "SIGSEGV accessing 0x0 in 0x0 (cpu0: 0x0)".
		{"xv6-2024-jump-null", "", "e1000.c", "int e1000_transmit(char *buf, int len) {", "", "((void (*)(void))0)();",
			[]string{"--scenario", "ping"}, "crash", "jumping to 0x0, outside the driver's code"},
		// A user environment's system call is the sandbox's too (one JOS
		// row: a lab folder's build is the slowest; int3 and the rest are
		// kernel-independent, in TestHostileDriversSandboxed).
		{"jos-env-creat", "../../guest/jos/drivers/ref", "net/output.c", "  binaryname = \"ns_output\";\n", hostileSyscall,
			`hostile_sys(85, (long)"/tmp/nicsim-env-created", 0644, 0);`, []string{"--scenario", "testoutput"},
			"crash", "driver made system call 85 (creat) at output.c:"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), c.name)
			driver := dir
			if c.tree != "" {
				if err := os.CopyFS(dir, os.DirFS(c.tree)); err != nil {
					t.Fatal(err)
				}
			} else {
				src, err := xv6.Driver("ref:xv6-2024")
				if err != nil {
					t.Fatal(err)
				}
				os.MkdirAll(dir, 0o755)
				os.WriteFile(filepath.Join(dir, c.file), src, 0o644)
				driver = filepath.Join(dir, c.file)
			}
			path := filepath.Join(dir, filepath.FromSlash(c.file))
			src, err := os.ReadFile(path)
			if err != nil || !strings.Contains(string(src), c.anchor) {
				t.Fatalf("%s: no %q (%v)", path, c.anchor, err)
			}
			s := string(src)
			if c.helpers != "" {
				at := strings.Index(s, "\nvoid ")
				s = s[:at+1] + c.helpers + s[at+1:]
			}
			s = strings.Replace(s, c.anchor, c.anchor+"\n  "+c.code+"\n", 1)
			if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
			huntHostile(t, driver, hostile{name: c.name, class: c.class, want: c.want}, c.extra...)
		})
	}
	if _, err := os.Stat("/tmp/nicsim-env-created"); err == nil {
		t.Errorf("a user environment created /tmp/nicsim-env-created")
	}
}
