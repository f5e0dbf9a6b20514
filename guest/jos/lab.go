package jos

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// SkeletonSyscalls are the system calls of the lab 6 skeleton's
// inc/syscall.h, in order (SYS_cputs = 0 ... SYS_time_msec = 14). The
// kernel model implements these itself; the ones a student adds (the net
// calls) run the student's own kern/syscall.c.
var SkeletonSyscalls = []string{
	"SYS_cputs", "SYS_cgetc", "SYS_getenvid", "SYS_env_destroy", "SYS_page_alloc", "SYS_page_map",
	"SYS_page_unmap", "SYS_exofork", "SYS_env_set_status", "SYS_env_set_trapframe",
	"SYS_env_set_pgfault_upcall", "SYS_yield", "SYS_ipc_try_send", "SYS_ipc_recv", "SYS_time_msec",
}

// Role is what a student's net system call is for.
type Role uint8

// Roles of net system calls, from their names.
const (
	RoleOther    Role = iota // e.g. reading the MAC address
	RoleTransmit             // send, transmit, tx, xmit
	RoleReceive              // recv, receive, rx
)

func (r Role) String() string {
	switch r {
	case RoleTransmit:
		return "transmit"
	case RoleReceive:
		return "receive"
	}
	return "other"
}

// NetSyscall is a system call a student added to inc/syscall.h and
// dispatches in kern/syscall.c's syscall().
type NetSyscall struct {
	Name string // "SYS_net_try_send"
	Num  int
	Role Role
	// Handler is the function the dispatcher's case calls
	// ("sys_net_try_send"), "" when the case does not call one.
	Handler string
	// Line is the line of the case in kern/syscall.c (0: no case).
	Line int
	// Checks reports whether the handler's body calls user_mem_assert or
	// user_mem_check (a static hint; the run checks it for real).
	Checks bool
	// LenArg reports whether the call's second argument is the buffer's
	// length (sys_net_recv(buf, len)); false when the handler takes a
	// pointer there (sys_pkt_recv(buf, &len): the length comes back
	// through it, and the buffer's size is what the kernel checks).
	LenArg bool
}

// LabSyscalls are the system calls of a student's JOS lab 6 tree, as nicsim reads them.
type LabSyscalls struct {
	Dir string // the tree's folder ("" for a bundled tree)
	// Numbers are every SYS_ name of the student's inc/syscall.h with its
	// value.
	Numbers map[string]int
	// Net are the system calls the student added, by number.
	Net []NetSyscall
}

// LabFiles are the lab files nicsim runs, by lab path.
var LabFiles = []string{"kern/e1000.c", "kern/syscall.c", "lib/syscall.c", "inc/syscall.h", "net/input.c", "net/output.c"}

// IsLabDir reports whether dir looks like a JOS lab tree: kern/e1000.c,
// a net/ folder and an inc/ folder.
func IsLabDir(dir string) bool {
	if st, err := os.Stat(filepath.Join(dir, "kern", "e1000.c")); err != nil || st.IsDir() {
		return false
	}
	for _, d := range []string{"net", "inc"} {
		if st, err := os.Stat(filepath.Join(dir, d)); err != nil || !st.IsDir() {
			return false
		}
	}
	return true
}

// ReadLab reads the system calls of the lab tree in dir: the SYS_
// numbers of inc/syscall.h and the cases of kern/syscall.c's syscall()
// for the ones the student added. A missing file or a net call without a
// case is an error naming it.
func ReadLab(dir string) (*LabSyscalls, error) {
	tree := map[string][]byte{}
	for _, p := range []string{"inc/syscall.h", "kern/syscall.c"} {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			return nil, fmt.Errorf("jos lab %s: %w", dir, err)
		}
		tree[p] = b
	}
	l, err := ReadLabTree(tree)
	if err != nil {
		return nil, fmt.Errorf("jos lab %s: %w", dir, err)
	}
	l.Dir = dir
	return l, nil
}

// ReadLabTree is [ReadLab] of a lab tree in memory (lab path -> contents,
// as [Lab] returns it).
func ReadLabTree(tree map[string][]byte) (*LabSyscalls, error) {
	hdr, ok := tree["inc/syscall.h"]
	if !ok {
		return nil, fmt.Errorf("no inc/syscall.h")
	}
	nums, err := SyscallNumbers(hdr)
	if err != nil {
		return nil, fmt.Errorf("inc/syscall.h: %w", err)
	}
	ksys, ok := tree["kern/syscall.c"]
	if !ok {
		return nil, fmt.Errorf("no kern/syscall.c")
	}
	net, err := NetSyscalls(nums, ksys)
	if err != nil {
		return nil, fmt.Errorf("kern/syscall.c: %w", err)
	}
	return &LabSyscalls{Numbers: nums, Net: net}, nil
}

// Call returns the lab's net system call with role r: the only one, or
// the one named name ("SYS_net_try_send" or "net_try_send").
func (l *LabSyscalls) Call(r Role, name string) (NetSyscall, error) {
	var found []NetSyscall
	for _, s := range l.Net {
		if name != "" && (s.Name == name || s.Name == "SYS_"+name) || name == "" && s.Role == r {
			found = append(found, s)
		}
	}
	switch {
	case len(found) == 1:
		return found[0], nil
	case len(found) == 0 && name != "":
		return NetSyscall{}, fmt.Errorf("jos: inc/syscall.h adds no system call %s (added: %s)", name, l.netNames())
	case len(found) == 0:
		return NetSyscall{}, fmt.Errorf("jos: no %s system call among those inc/syscall.h adds (%s)", r, l.netNames())
	}
	return NetSyscall{}, fmt.Errorf("jos: several %s system calls (%s): name one", r, l.netNames())
}

func (l *LabSyscalls) netNames() string {
	if len(l.Net) == 0 {
		return "none"
	}
	var s []string
	for _, n := range l.Net {
		s = append(s, fmt.Sprintf("%s = %d", n.Name, n.Num))
	}
	return strings.Join(s, ", ")
}

var (
	blockComment = regexp.MustCompile(`(?s)/\*.*?\*/`)
	lineComment  = regexp.MustCompile(`//[^\n]*`)
	enumBlock    = regexp.MustCompile(`(?s)\benum\s*(\w+\s*)?\{([^}]*)\}`)
	enumEntry    = regexp.MustCompile(`^([A-Za-z_]\w*)\s*(?:=\s*(.+))?$`)
)

// stripComments blanks C comments, keeping newlines so lines still count.
func stripComments(src string) string {
	keep := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '\n' {
				return r
			}
			return ' '
		}, s)
	}
	src = blockComment.ReplaceAllStringFunc(src, keep)
	return lineComment.ReplaceAllStringFunc(src, keep)
}

// SyscallNumbers reads the enum of SYS_ names in inc/syscall.h: each name
// with its value (the previous one plus one, or the literal it is given).
func SyscallNumbers(hdr []byte) (map[string]int, error) {
	src := stripComments(string(hdr))
	for _, m := range enumBlock.FindAllStringSubmatch(src, -1) {
		if !strings.Contains(m[2], "SYS_") {
			continue
		}
		nums := map[string]int{}
		next := 0
		for _, e := range strings.Split(m[2], ",") {
			e = strings.TrimSpace(e)
			if e == "" {
				continue
			}
			p := enumEntry.FindStringSubmatch(e)
			if p == nil {
				return nil, fmt.Errorf("cannot read the enum entry %q", e)
			}
			if p[2] != "" {
				v, err := strconv.ParseInt(strings.TrimSpace(p[2]), 0, 32)
				if err != nil {
					if prev, ok := nums[strings.TrimSpace(p[2])]; ok {
						v = int64(prev)
					} else {
						return nil, fmt.Errorf("%s = %s: nicsim reads only numbers and earlier names here", p[1], p[2])
					}
				}
				next = int(v)
			}
			nums[p[1]] = next
			next++
		}
		for _, s := range SkeletonSyscalls {
			if _, ok := nums[s]; !ok {
				return nil, fmt.Errorf("the enum has no %s (a lab 6 tree has all of SYS_cputs..SYS_time_msec)", s)
			}
		}
		return nums, nil
	}
	return nil, fmt.Errorf("no enum of SYS_ names")
}

var (
	syscallFn  = regexp.MustCompile(`(?m)^[\w \t\*]*\bsyscall\s*\(\s*uint32_t[^)]*\)\s*\{`)
	caseLabel  = regexp.MustCompile(`\bcase\s+(SYS_\w+)\s*:`)
	callInCase = regexp.MustCompile(`\b([A-Za-z_]\w*)\s*\(`)
)

// NetSyscalls finds the system calls of nums that the skeleton does not
// have, and for each the case of kern/syscall.c's syscall() dispatcher
// (ksys) and the function it calls. A net call without a case is an error:
// the kernel would answer -E_INVAL.
func NetSyscalls(nums map[string]int, ksys []byte) ([]NetSyscall, error) {
	src := stripComments(string(ksys))
	var net []NetSyscall
	for name, n := range nums {
		if name == "NSYSCALLS" || slices.Contains(SkeletonSyscalls, name) {
			continue
		}
		net = append(net, NetSyscall{Name: name, Num: n, Role: roleOf(name)})
	}
	slices.SortFunc(net, func(a, b NetSyscall) int { return a.Num - b.Num })
	loc := syscallFn.FindStringIndex(src)
	if loc == nil {
		return nil, fmt.Errorf("no syscall(uint32_t syscallno, ...) dispatcher")
	}
	body, ok := enclosed(src[loc[1]-1:], '{', '}')
	if !ok {
		return nil, fmt.Errorf("syscall(): unbalanced braces")
	}
	bodyLine := 1 + strings.Count(src[:loc[1]], "\n")
	cases := caseLabel.FindAllStringSubmatchIndex(body, -1)
	for i := range net {
		s := &net[i]
		for j, c := range cases {
			if body[c[2]:c[3]] != s.Name {
				continue
			}
			end := len(body)
			if j+1 < len(cases) {
				end = cases[j+1][0]
			}
			s.Line = bodyLine + strings.Count(body[:c[0]], "\n")
			s.Handler = firstCall(body[c[1]:end])
			s.Checks = checksUser(src, s.Handler)
			s.LenArg = !secondIsPointer(src, s.Handler)
		}
		if s.Line == 0 {
			s.Line, s.Handler = otherDispatch(src, body, bodyLine, s.Name)
			s.Checks = checksUser(src, s.Handler)
			s.LenArg = !secondIsPointer(src, s.Handler)
		}
		if s.Line == 0 {
			return nil, fmt.Errorf("syscall() has no case %s (inc/syscall.h numbers it %d): the kernel answers -E_INVAL", s.Name, s.Num)
		}
	}
	return net, nil
}

// otherDispatch finds a system call that syscall() (body, starting at
// line bodyLine of src) dispatches without a case label: a test
// (syscallno == SYS_x) followed by the call, or a table of handlers
// ([SYS_x] = sys_x) anywhere in src. It returns the line and the handler,
// or 0.
func otherDispatch(src, body string, bodyLine int, name string) (int, string) {
	q := regexp.QuoteMeta(name)
	test := regexp.MustCompile(`\b\w+\s*==\s*` + q + `\b|\b` + q + `\s*==\s*\w+`)
	if loc := test.FindStringIndex(body); loc != nil {
		rest := body[loc[1]:]
		if end := strings.IndexByte(rest, ';'); end >= 0 {
			rest = rest[:end]
		}
		return bodyLine + strings.Count(body[:loc[0]], "\n"), firstCall(rest)
	}
	table := regexp.MustCompile(`\[\s*` + q + `\s*\]\s*=\s*([^,}\n]*)`)
	if m := table.FindStringSubmatchIndex(src); m != nil {
		// The handler is the last name of the entry, after any cast.
		ids := lastIdent.FindStringSubmatch(src[m[2]:m[3]])
		if ids != nil {
			return 1 + strings.Count(src[:m[0]], "\n"), ids[1]
		}
	}
	return 0, ""
}

var lastIdent = regexp.MustCompile(`([A-Za-z_]\w*)\s*$`)

// firstCall names the first function a case's statements call.
func firstCall(stmts string) string {
	for _, m := range callInCase.FindAllStringSubmatch(stmts, -1) {
		switch m[1] {
		case "if", "while", "for", "switch", "return", "sizeof":
			continue
		}
		return m[1]
	}
	return ""
}

// secondIsPointer reports whether the static function fn of src takes a
// pointer as its second parameter (size_t *len), false when fn is not
// found there.
func secondIsPointer(src, fn string) bool {
	if fn == "" {
		return false
	}
	def := regexp.MustCompile(`(?m)^[\w \t\*]*\b` + regexp.QuoteMeta(fn) + `\s*\(([^;{]*)\)\s*\{`)
	m := def.FindStringSubmatch(src)
	if m == nil {
		return false
	}
	ps := splitParams(m[1])
	return len(ps) >= 2 && (strings.Contains(ps[1], "*") || strings.Contains(ps[1], "["))
}

// checksUser reports whether the static function fn of src calls
// user_mem_assert or user_mem_check.
func checksUser(src, fn string) bool {
	if fn == "" {
		return false
	}
	def := regexp.MustCompile(`(?m)^[\w \t\*]*\b` + regexp.QuoteMeta(fn) + `\s*\([^;{]*\)\s*\{`)
	loc := def.FindStringIndex(src)
	if loc == nil {
		return false
	}
	body, _ := enclosed(src[loc[1]-1:], '{', '}')
	return strings.Contains(body, "user_mem_assert") || strings.Contains(body, "user_mem_check")
}

var (
	sysTxName = regexp.MustCompile(`(?i)(send|transmit|trans|tx|xmit|output|put)`)
	sysRxName = regexp.MustCompile(`(?i)(recv|receive|rx|input|get_?pkt|read_?pkt)`)
)

// roleOf guesses a net system call's role from its name.
func roleOf(name string) Role {
	n := strings.TrimPrefix(name, "SYS_")
	if sysRxName.MatchString(n) && !strings.Contains(strings.ToLower(n), "mac") {
		return RoleReceive
	}
	if sysTxName.MatchString(n) {
		return RoleTransmit
	}
	return RoleOther
}
