package jos

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// A JOS lab folder given as --driver (nicsim hunt --driver path/to/lab):
// the driver, the student's system calls and the network server's two
// environments, built into one hosted image. The kernel side (kern/) is
// compiled as the driver is; the user side (net/, lib/) with JOS_USER,
// int30.h's trap of `int $0x30`, no red zone (the trap is a call) and the
// names the user library and the kernel share renamed apart.

// treeFiles are the files of a lab tree the simulator builds or reads, by
// lab path; the first is the main file. kern/pci.c is read for the attach
// function (pci_attach_vendor[]), never linked: nicsim's PCI is the
// model's.
var treeFiles = []string{"kern/e1000.c", "kern/e1000.h", "kern/syscall.c", "kern/pci.c",
	"lib/syscall.c", "net/input.c", "net/output.c", "net/ns.h", "inc/syscall.h"}

// treeRequired are the files a lab tree must have for the environment
// scenarios.
var treeRequired = []string{"kern/e1000.c", "kern/syscall.c", "lib/syscall.c", "inc/syscall.h",
	"net/input.c", "net/output.c"}

// Tree is the JOS kernel's guest.KernelModel Tree: a lab folder (kern/e1000.c,
// inc/ and net/) gives its driver, system calls and environments. A lab
// folder that lacks one of the files the environments need is an error
// naming it.
func Tree(dir string) (string, map[string][]byte, bool, error) {
	if !IsLabDir(dir) {
		return "", nil, false, nil
	}
	for _, p := range treeRequired {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			return "", nil, true, fmt.Errorf("a JOS lab folder without %s (nicsim runs the lab's own %s)", p, strings.Join(treeRequired, ", "))
		}
	}
	if _, err := ReadLab(dir); err != nil {
		return "", nil, true, err
	}
	files := map[string][]byte{}
	for _, p := range treeFiles {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return "", nil, true, err
		}
		files[p] = b
	}
	// The headers beside them, as the lab's build finds them: a quoted
	// #include "pmap.h" in kern/e1000.c is kern/pmap.h.
	for _, d := range []string{"kern", "net", "lib"} {
		hs, _ := filepath.Glob(filepath.Join(dir, d, "*.h"))
		for _, h := range hs {
			p := d + "/" + filepath.Base(h)
			if _, ok := files[p]; ok {
				continue
			}
			if st, err := os.Stat(h); err != nil || !st.Mode().IsRegular() || st.Size() > maxTreeHeader {
				continue
			}
			b, err := os.ReadFile(h)
			if err != nil {
				return "", nil, true, err
			}
			files[p] = b
		}
	}
	return treeFiles[0], files, true, nil
}

// maxTreeHeader bounds a header of a lab folder nicsim copies (JOS's
// largest, kern/pcireg.h, is 30 KiB).
const maxTreeHeader = 1 << 20

// userFlags are the user side's flags besides the driver's: JOS_USER
// instead of JOS_KERNEL; int30.h turns `int $0x30` into a call of the
// trap, which pushes below the stack pointer (no red zone); net/ns.h is
// found for "ns.h"; the user library's _panic, thisenv, envs and pages
// are rt_jos_env.c's (the kernel has its own of those names).
var userFlags = []string{"-UJOS_KERNEL", "-DJOS_USER", "-include", "nicsim/int30.h", "-mno-red-zone", "-I@net",
	"-D_panic=nicsim_user_panic", "-Dthisenv=(nicsim_thisenv())", "-Denvs=nicsim_uenvs", "-Dpages=nicsim_upages"}

// compileFile is the kit's Compile: user files (net/, lib/, user/) with
// userFlags, kern/pci.c not at all, the rest as the driver.
func compileFile(p string) ([]string, bool) {
	switch dir := path.Dir(p); {
	case p == "kern/pci.c":
		return nil, false
	case dir == "net" || dir == "lib" || dir == "user":
		return userFlags, true
	}
	return nil, true
}

// IsUserFile reports whether the lab file p is built as the user side.
func IsUserFile(p string) bool {
	f, ok := compileFile(p)
	return ok && f != nil
}

// labOf reads the student's net system calls from a lab's sources (their
// inc/syscall.h and kern/syscall.c among them), or nil.
func labOf(srcs [][]byte) []NetSyscall {
	for _, hdr := range srcs {
		nums, err := SyscallNumbers(hdr)
		if err != nil || len(nums) == 0 {
			continue
		}
		if _, ok := nums["SYS_cputs"]; !ok {
			continue
		}
		for _, ksys := range srcs {
			if !bytes.Contains(ksys, []byte("case SYS_")) {
				continue
			}
			if net, err := NetSyscalls(nums, ksys); err == nil {
				return net
			}
		}
	}
	return nil
}
