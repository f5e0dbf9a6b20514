package sandbox

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// child runs the test binary as a child in mode (an env variable picks the
// role), so that filters and limits never touch the test process itself.
func child(t *testing.T, test, mode string, extra ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), "SANDBOX_TEST_MODE="+mode)
	cmd.Env = append(cmd.Env, extra...)
	return cmd
}

// A worker after Lockdown and Limit keeps Go's runtime going (threads, GC,
// timers, writing to stdout) but cannot open, create or exec anything.
func TestLockdownWorker(t *testing.T) {
	if os.Getenv("SANDBOX_TEST_MODE") == "lockdown" {
		lockedDown(os.Getenv("SANDBOX_TEST_FILE"))
		return
	}
	file := filepath.Join(t.TempDir(), "created")
	out, err := child(t, "TestLockdownWorker", "lockdown", "SANDBOX_TEST_FILE="+file).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "lockdown ok") {
		t.Fatalf("locked-down child: %v\n%s", err, out)
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the locked-down child created %s (%v)", file, err)
	}
}

func lockedDown(file string) {
	fail := func(f string, a ...any) { fmt.Printf("FAIL "+f+"\n", a...); os.Exit(1) }
	if err := Limit(DefaultLimits); err != nil {
		fail("%v", err)
	}
	if err := Lockdown(0x80000000, 0x81121000); err != nil {
		fail("%v", err)
	}
	done := make(chan int)
	for i := 0; i < 8; i++ {
		go func(i int) {
			runtime.LockOSThread() // forces new threads (clone)
			b := make([]byte, 1<<20)
			time.Sleep(time.Millisecond)
			done <- int(b[i])
		}(i)
	}
	for i := 0; i < 8; i++ {
		<-done
	}
	runtime.GC()
	if _, err := os.ReadFile("/etc/hostname"); !errors.Is(err, syscall.EPERM) {
		fail("reading /etc/hostname: %v, want EPERM", err)
	}
	if err := os.WriteFile(file, []byte("x"), 0o644); !errors.Is(err, syscall.EPERM) {
		fail("creating %s: %v, want EPERM", file, err)
	}
	if err := exec.Command("/bin/true").Run(); err == nil {
		fail("exec /bin/true succeeded")
	}
	if err := syscall.Kill(1, 0); !errors.Is(err, syscall.EPERM) {
		fail("kill(1, 0): %v, want EPERM", err)
	}
	fmt.Println("lockdown ok")
}

// A worker started with Isolate dies with its parent (kill -9 of the
// parent leaves no worker behind), and runs in its own namespaces where
// the kernel allows.
func TestIsolatedWorkerDiesWithParent(t *testing.T) {
	switch os.Getenv("SANDBOX_TEST_MODE") {
	case "parent":
		w := child(t, "TestIsolatedWorkerDiesWithParent", "worker")
		w.Stdout = os.Stdout
		if err := Isolate(w); err != nil {
			fmt.Println("no namespaces:", err)
		}
		if err := w.Start(); err != nil {
			fmt.Println("FAIL", err)
			os.Exit(1)
		}
		fmt.Println("worker", w.Process.Pid)
		w.Wait()
		return
	case "worker":
		ns, _ := os.Readlink("/proc/self/ns/net")
		fmt.Println("pid", os.Getpid(), "net", ns)
		time.Sleep(time.Minute)
		return
	}
	p := child(t, "TestIsolatedWorkerDiesWithParent", "parent")
	stdout, _ := p.StdoutPipe()
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	worker, inside := 0, ""
	for (worker == 0 || inside == "") && sc.Scan() {
		line := sc.Text()
		t.Log(line)
		if v, ok := strings.CutPrefix(line, "worker "); ok {
			worker, _ = strconv.Atoi(v)
		}
		if strings.HasPrefix(line, "pid ") {
			inside = line
		}
	}
	if worker == 0 || inside == "" {
		p.Process.Kill()
		t.Fatalf("the parent did not start its worker")
	}
	if Probe() == nil {
		own, _ := os.Readlink("/proc/self/ns/net")
		if !strings.HasPrefix(inside, "pid 1 ") || strings.HasSuffix(inside, own) {
			t.Errorf("worker %q: want pid 1 in a network namespace other than %s", inside, own)
		}
	}
	t0 := time.Now()
	p.Process.Kill()
	p.Wait()
	t.Logf("parent reaped after %v", time.Since(t0))
	for i := 0; i < 100; i++ {
		if err := syscall.Kill(worker, 0); errors.Is(err, syscall.ESRCH) {
			t.Logf("worker gone after %v", time.Since(t0))
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	syscall.Kill(worker, syscall.SIGKILL)
	t.Fatalf("worker %d outlived its parent", worker)
}

func TestSyscallName(t *testing.T) {
	for nr, want := range map[int]string{2: "open", 231: "exit_group", 57: "fork", 62: "kill", 99999: "unknown system call 99999"} {
		if got := SyscallName(nr); got != want {
			t.Errorf("SyscallName(%d) = %q, want %q", nr, got, want)
		}
	}
}

// A tool past its time limit is killed with its children (gcc's cc1), and
// Wait returns although a grandchild held the output pipe. Before, Wait
// blocked until the grandchild ended by itself (here 10 minutes; a cc1 on
// a macro bomb, at its CPU limit).
func TestKillGroupOnCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	cmd := exec.CommandContext(ctx, "sh", "-c", "sleep 600 & echo $!; wait")
	KillGroupOnCancel(cmd)
	var out strings.Builder
	cmd.Stdout = &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatalf("Wait still blocked a minute after the context ended")
	}
	pid, err := strconv.Atoi(strings.TrimSpace(out.String()))
	if err != nil {
		t.Fatalf("the grandchild's pid: %q", out.String())
	}
	for i := 0; i < 100 && processAlive(pid); i++ {
		time.Sleep(50 * time.Millisecond)
	}
	if processAlive(pid) {
		syscall.Kill(pid, syscall.SIGKILL)
		t.Fatalf("grandchild %d outlived its tool's time limit", pid)
	}
}

// processAlive reports whether pid runs (a zombie does not count).
func processAlive(pid int) bool {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(f) > 0 && f[0] != "Z"
}
