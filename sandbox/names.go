package sandbox

import (
	"fmt"

	"github.com/elastic/go-seccomp-bpf/arch"
)

// SyscallName names x86-64 system call nr ("openat"), or says it is unknown.
func SyscallName(nr int) string {
	if s, ok := arch.X86_64.SyscallNumbers[nr]; ok {
		return s
	}
	return fmt.Sprintf("unknown system call %d", nr)
}
