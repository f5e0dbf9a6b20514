package qemu

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// hmp runs one human-monitor (HMP) command, such as "info registers -a", through
// QEMU's QMP socket and returns its text. QMP is used as the transport because its
// replies are framed; the commands and their output are HMP's.
func (m *machine) hmp(command string, timeout time.Duration) (string, error) {
	conn, err := net.DialTimeout("unix", m.qmpPath, timeout)
	if err != nil {
		return "", fmt.Errorf("%w: %v", errNoQMP, err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(timeout))
	r := bufio.NewReader(conn)
	if _, err := qmpReply(r); err != nil { // greeting
		return "", err
	}
	for _, req := range []any{
		map[string]any{"execute": "qmp_capabilities"},
		map[string]any{"execute": "human-monitor-command",
			"arguments": map[string]any{"command-line": command}},
	} {
		b, _ := json.Marshal(req)
		if _, err := conn.Write(append(b, '\n')); err != nil {
			return "", fmt.Errorf("%w: %v", errNoQMP, err)
		}
		out, err := qmpReply(r)
		if err != nil {
			return "", err
		}
		if s, ok := out.(string); ok {
			return s, nil
		}
	}
	return "", fmt.Errorf("%w: no reply to %q", errNoQMP, command)
}

// qmpReply reads QMP messages until a greeting, a return or an error, skipping
// asynchronous events.
func qmpReply(r *bufio.Reader) (any, error) {
	for {
		line, err := r.ReadBytes('\n')
		if err != nil {
			return nil, fmt.Errorf("%w: %v", errNoQMP, err)
		}
		var msg struct {
			QMP    any `json:"QMP"`
			Return any `json:"return"`
			Error  *struct {
				Desc string `json:"desc"`
			} `json:"error"`
		}
		if json.Unmarshal(line, &msg) != nil {
			continue
		}
		switch {
		case msg.Error != nil:
			return nil, fmt.Errorf("qemu: monitor: %s", msg.Error.Desc)
		case msg.QMP != nil:
			return msg.QMP, nil
		case msg.Return != nil:
			return msg.Return, nil
		}
	}
}

// Hart is the state of one hart when a run was judged a hang.
type Hart struct {
	CPU int
	PC  uint64
	Sym string // PC as function+offset in the guest ELF, or "" if unknown
}

var (
	cpuHeader = regexp.MustCompile(`^CPU#(\d+)`)
	pcLine    = regexp.MustCompile(`^\s*pc\s+([0-9a-fA-F]+)`)
)

// parseHarts reads the pc of every hart from "info registers -a".
func parseHarts(text string) []Hart {
	var harts []Hart
	cpu := 0
	for _, line := range strings.Split(text, "\n") {
		if m := cpuHeader.FindStringSubmatch(line); m != nil {
			cpu, _ = strconv.Atoi(m[1])
		} else if m := pcLine.FindStringSubmatch(line); m != nil {
			pc, _ := strconv.ParseUint(m[1], 16, 64)
			harts = append(harts, Hart{CPU: cpu, PC: pc})
		}
	}
	return harts
}
