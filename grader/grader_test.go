package grader

import (
	"strings"
	"testing"
)

var demo = &Grader{Name: "demo", Kernel: "demo-kernel", Subtests: []Subtest{
	{Name: "ping", Slug: "ping", Points: 40, Pass: []string{"testing ping: OK"}, Alone: true},
	{Name: "DNS", Slug: "dns", Points: 19, Pass: []string{"DNS OK"}},
}}

func init() { Register(demo) }

func TestParseConsole(t *testing.T) {
	rs := demo.Parse("$ nettests\ntesting ping: OK\r\nDNS: wrong ip address\n")
	if !rs[0].Passed || rs[0].Points != 40 {
		t.Errorf("ping = %+v, want passed 40", rs[0])
	}
	if rs[1].Passed || rs[1].Points != 0 || !strings.Contains(rs[1].Why, "wrong ip address") {
		t.Errorf("DNS = %+v, want failed with the console's line", rs[1])
	}
	if p, m := Score(rs); p != 40 || m != 59 {
		t.Errorf("Score = %d/%d, want 40/59", p, m)
	}
}

func TestFormat(t *testing.T) {
	rs := demo.Results()
	rs[1].Fail("the reply never came", 2)
	rs[1].Fail("later reason", 2)
	var b strings.Builder
	Format(&b, rs, "  ")
	want := "  ping: OK (40/40)\n  DNS: FAIL (0/19) [finding 2]\n      the reply never came\n  Score: 40/59\n"
	if b.String() != want {
		t.Errorf("Format:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestScenario(t *testing.T) {
	if g, s, ok := Scenario("demo/ping"); !ok || g != demo || s.Slug != "ping" {
		t.Errorf("demo/ping: %v %v %v", g, s, ok)
	}
	if _, s, ok := Scenario("demo"); !ok || s != nil {
		t.Errorf("demo: %v %v", s, ok)
	}
	for _, bad := range []string{"demo/dns", "demo/nope", "nope"} {
		if _, _, ok := Scenario(bad); ok {
			t.Errorf("Scenario(%q) ok, want not", bad)
		}
	}
	if got := strings.Join(demo.Scenarios(), " "); got != "demo demo/ping" {
		t.Errorf("Scenarios = %q", got)
	}
	if gs := ForKernel("demo-kernel"); len(gs) != 1 || gs[0] != demo {
		t.Errorf("ForKernel = %v", gs)
	}
}
