package debugger

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func press(m tea.Model, keys ...tea.KeyPressMsg) tea.Model {
	for _, k := range keys {
		m, _ = m.Update(k)
	}
	return m
}

func char(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

func typed(s string) []tea.KeyPressMsg {
	keys := []tea.KeyPressMsg{char(':')}
	for _, r := range s {
		keys = append(keys, char(r))
	}
	return append(keys, tea.KeyPressMsg{Code: tea.KeyEnter})
}

// TestTUI drives the full-screen model with key messages and reads the
// screen: the rings, registers, locks and source line of each step.
func TestTUI(t *testing.T) {
	e := open(t, arpReplay)
	ui := NewTUI(e)
	var m tea.Model = ui
	m, _ = m.Update(tea.WindowSizeMsg{Width: 200, Height: 55})
	m = press(m, char('f'))
	screen := ui.Render()
	for _, want := range []string{"FINDING lock-reentry", "TX at 0x80008260, 16 slots", "RX at 0x800080e0", "<- RDT",
		"TDT   =0x00000001", "e1000_tx     held by cpu0", "=>  136    acquire(&tx_lock);", "cpu0 [intr off, in trap, noff=2]"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen at the finding lacks %q:\n%s", want, screen)
		}
	}
	m = press(m, char('p'), char('p'), char('p'))
	screen = ui.Render()
	if strings.Contains(screen, "FINDING lock-reentry") || !strings.Contains(screen, "row 233/236") {
		t.Errorf("three rows back from the finding, the screen shows:\n%s", screen)
	}
	if !strings.Contains(screen, "=>  201    regs[E1000_RDT] = i;") || !strings.Contains(screen, "->  202") {
		t.Errorf("at the RDT write the source pane does not point at it:\n%s", screen)
	}
	m = press(m, typed("who RX[0].DD")...)
	screen = ui.Render()
	if !strings.Contains(screen, "> who RX[0].DD") || !strings.Contains(screen, "by cpu0 store") {
		t.Errorf("the command line's output is not on the screen:\n%s", screen)
	}
	m = press(m, char('l'), char('l'), char('l'), char(']'))
	if !strings.Contains(ui.Render(), "lane: nic") {
		t.Errorf("l did not select the nic lane:\n%s", ui.Render())
	}
	press(m, typed("frobnicate")...)
	if !strings.Contains(ui.Render(), "error: command \"frobnicate\"") {
		t.Errorf("a bad command is not reported:\n%s", ui.Render())
	}
	if _, cmd := m.Update(char('q')); cmd == nil {
		t.Error("q does not quit")
	}
}
