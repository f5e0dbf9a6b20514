package agree

import (
	"context"
	"strings"
	"testing"

	"github.com/nicsim/nicsim/grader"
	"github.com/nicsim/nicsim/guest/xv6/grade"
)

// TestGrade grades drivers with the labs' graders in simulation and under
// QEMU: the reference drivers get every point on both sides, and a driver
// that never sets RS (its TX ring full after one lap, under QEMU whatever
// the timing) loses the same subtests on both.
func TestGrade(t *testing.T) {
	needQEMU(t)
	tests := []struct {
		g      *grader.Grader
		driver string
		failed string
		points int
	}{
		{grade.Nettests, "ref:xv6", "", 99},
		{grade.Nettest, "ref:xv6-2024", "", 170},
		{grade.Nettests, "zoo:xv6/no-rs", "single-process pings,multi-process pings,DNS", 40},
	}
	for _, tt := range tests {
		t.Run(strings.NewReplacer(":", "-", "/", "-").Replace(tt.driver), func(t *testing.T) {
			rows, err := Grade(context.Background(), tt.g, []string{tt.driver}, Options{Seeds: 8, Logf: t.Logf}, nil)
			if err != nil {
				t.Fatal(err)
			}
			r := rows[0]
			var b strings.Builder
			FormatGrade(&b, r)
			t.Logf("\n%s", b.String())
			sim, q, _ := r.Points()
			var failed []string
			for _, res := range r.QEMU {
				if !res.Passed {
					failed = append(failed, res.Name)
				}
			}
			if !r.Agrees() || sim != tt.points || q != tt.points || strings.Join(failed, ",") != tt.failed {
				t.Fatalf("simulation %d, QEMU %d points, QEMU failed %q; want both %d and %q (agree %v)\nconsole:\n%s",
					sim, q, failed, tt.points, tt.failed, r.Agrees(), r.Console)
			}
		})
	}
}
