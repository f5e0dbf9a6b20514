package debugger

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// TUI is the full-screen debugger: a bubbletea model over an [Engine].
// Keys: n/right next row, p/left previous row, ]/[ next/previous row of the
// selected lane, l select the next lane (cpu0.., nic), f the finding, g/G
// first/last row, : a command line taking the same commands as --do, ? help,
// q quit.
type TUI struct {
	e      *Engine
	w, h   int
	lanes  []string
	lane   int
	typing bool
	input  string
	out    string // the last command's output
	title  string // the last command
	failed bool   // the last command was bad
}

// NewTUI returns the model for e, sized for an 80x24 screen until the
// terminal says otherwise.
func NewTUI(e *Engine) *TUI {
	t := &TUI{e: e, w: 160, h: 48}
	for i := 0; i < e.Config.CPUs; i++ {
		t.lanes = append(t.lanes, fmt.Sprintf("cpu%d", i))
	}
	t.lanes = append(t.lanes, "nic")
	t.title, t.out = "help", keyHelp
	return t
}

// RunTUI runs the debugger full screen until the user quits.
func RunTUI(e *Engine) error {
	_, err := tea.NewProgram(NewTUI(e)).Run()
	return err
}

const keyHelp = `n/→ next row   p/← previous row   ]/[ next/previous row of the lane   l change lane
f finding   g/G first/last row   : command (who RDT, print tx_ring[3], until TDT, back-to e1000.c:118)
? all commands   q quit`

// Init implements tea.Model.
func (t *TUI) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (t *TUI) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch m := msg.(type) {
	case tea.WindowSizeMsg:
		t.w, t.h = m.Width, m.Height
	case tea.KeyPressMsg:
		if t.typing {
			t.edit(m)
			return t, nil
		}
		return t, t.key(m.String())
	}
	return t, nil
}

// edit handles a key on the command line.
func (t *TUI) edit(k tea.KeyPressMsg) {
	switch k.String() {
	case "enter":
		t.typing = false
		t.run(t.input)
	case "esc":
		t.typing = false
	case "backspace":
		if r := []rune(t.input); len(r) > 0 {
			t.input = string(r[:len(r)-1])
		}
	default:
		t.input += k.Text
	}
}

// key handles a key outside the command line.
func (t *TUI) key(k string) tea.Cmd {
	cmds := map[string]string{
		"n": "next", "right": "next", "down": "next", "p": "back", "left": "back", "up": "back",
		"f": "finding", "g": "start", "G": "end", "?": "help",
		"]": "next " + t.lanes[t.lane], "[": "back " + t.lanes[t.lane],
	}
	switch k {
	case "q", "ctrl+c":
		return tea.Quit
	case ":":
		t.typing, t.input = true, ""
	case "l":
		t.lane = (t.lane + 1) % len(t.lanes)
	default:
		if c, ok := cmds[k]; ok {
			t.run(c)
		}
	}
	return nil
}

func (t *TUI) run(cmd string) {
	if strings.TrimSpace(cmd) == "" {
		return
	}
	out, err := t.e.Exec(cmd)
	t.title, t.out, t.failed = cmd, out, err != nil
	if err != nil {
		t.out = err.Error()
	}
}

// View implements tea.Model.
func (t *TUI) View() tea.View {
	v := tea.NewView(t.Render())
	v.AltScreen = true
	return v
}

// Render draws the screen: the timeline, the rings, the registers beside
// the locks and the CPUs, the source beside the finding and the last
// command's output, and the status line.
func (t *TUI) Render() string {
	s, err := t.e.Current()
	if err != nil {
		return "nicsim debug: " + err.Error()
	}
	w, h := max(t.w, 60), max(t.h, 24)
	timeH := max(7, h/5)
	regW, lockW := w/2, w/6
	perLine := max(1, (regW-2)/19)
	stateH := max(6, (len(s.Device.Registers)+perLine-1)/perLine+3)
	bottomH := max(8, h/5)
	ringsH := max(5, h-timeH-stateH-bottomH-2)
	leftW := w * 3 / 5
	header := t.header()
	timeline := pane("timeline  (CPUs | NIC and wire)  lane: "+t.lanes[t.lane], t.e.timeline((timeH-3)/2, (timeH-3)/2, 0), w, timeH)
	rings := pane("rings  ("+s.Device.Device+")", t.rings(s, w), w, ringsH)
	state := lipgloss.JoinHorizontal(lipgloss.Top,
		pane("registers", RenderRegs(&s.Device, perLine), regW, stateH),
		pane("locks and spinners", RenderLocks(s), lockW, stateH),
		pane("CPUs", RenderCPUs(s), w-regW-lockW, stateH))
	finding := "no finding here"
	if t.e.AtFinding() {
		finding = t.e.findingText()
	}
	out := t.out
	if t.failed {
		out = "error: " + out
	}
	bottom := lipgloss.JoinHorizontal(lipgloss.Top,
		pane("source", t.e.sourceAround(s, (bottomH-3)/2), leftW, bottomH),
		lipgloss.JoinVertical(lipgloss.Left,
			pane("finding", wrap(finding, w-leftW-2), w-leftW, bottomH/2),
			pane("> "+t.title, wrap(out, w-leftW-2), w-leftW, bottomH-bottomH/2)))
	return lipgloss.JoinVertical(lipgloss.Left, header, timeline, rings, state, bottom, t.status())
}

func (t *TUI) header() string {
	st := lipgloss.NewStyle().Bold(true)
	return st.Render(fit(fmt.Sprintf("nicsim debug %s  driver=%s  verdict=%s   %s", t.e.Path, t.e.Config.Driver,
		t.e.Verdict().Class, firstLine(t.e.Where())), t.w))
}

func (t *TUI) status() string {
	if t.typing {
		return ":" + t.input + "█"
	}
	return fit("keys: n/p row  ]/[ lane "+t.lanes[t.lane]+"  l lane  f finding  g/G ends  : command  ? help  q quit", t.w)
}

// rings draws the rings side by side when the pane is wide enough.
func (t *TUI) rings(s *Snapshot, w int) string {
	var parts []string
	for i := range s.Device.Rings {
		var b strings.Builder
		renderRing(&b, &s.Device.Rings[i])
		parts = append(parts, strings.TrimRight(b.String(), "\n"))
	}
	wide := 0
	for _, p := range parts {
		wide += lipgloss.Width(p) + 2
	}
	if wide <= w-2 {
		cols := make([]string, len(parts))
		for i, p := range parts {
			cols[i] = lipgloss.NewStyle().PaddingRight(2).Render(p)
		}
		return lipgloss.JoinHorizontal(lipgloss.Top, cols...)
	}
	return strings.Join(parts, "\n")
}

// pane draws body in a rounded box of w x h cells with a bold title,
// cutting what does not fit.
func pane(title, body string, w, h int) string {
	iw, ih := max(w-2, 1), max(h-2, 1)
	lines := append([]string{lipgloss.NewStyle().Bold(true).Render(fit(title, iw))}, strings.Split(body, "\n")...)
	if len(lines) > ih {
		lines = lines[:ih]
	}
	for i := 1; i < len(lines); i++ {
		lines[i] = fit(lines[i], iw)
	}
	return lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Width(w).Height(h).MaxHeight(h).
		Render(strings.Join(lines, "\n"))
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// wrap breaks lines longer than n cells, continuing them indented.
func wrap(s string, n int) string {
	if n < 8 {
		return s
	}
	var out []string
	for _, line := range strings.Split(s, "\n") {
		r := []rune(line)
		for len(r) > n {
			out = append(out, string(r[:n]))
			r = append([]rune("  "), r[n:]...)
		}
		out = append(out, string(r))
	}
	return strings.Join(out, "\n")
}
