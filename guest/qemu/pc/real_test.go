package pc

import "testing"

// The pc guest's verdicts map onto agree's common vocabulary.
func TestCommonClass(t *testing.T) {
	for _, c := range []struct {
		v    Verdict
		want string
	}{
		{Verdict{Class: Pass}, "pass"},
		{Verdict{Class: Hang, Message: "console dead"}, "hang"},
		{Verdict{Class: Missing, Message: "0 of 4 echoes"}, "lost-packet"},
		{Verdict{Class: Wrong, Message: "command id 0 (kernel-internal) reported to the callback (status 0)"}, "wrong-callback"},
		{Verdict{Class: Wrong, Message: "frame 3 received twice"}, "corrupt-frame"},
		{Verdict{Class: Panic, Message: "panic: assert failed: x at eth.c:12"}, "panic:assert"},
	} {
		if got := commonClass(c.v); got != c.want {
			t.Errorf("commonClass(%v) = %s, want %s", c.v, got, c.want)
		}
	}
}
