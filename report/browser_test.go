package report_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium is Debian's headless browser; the browser tests skip without it.
const chromium = "/usr/bin/chromium"

// browse runs headless chromium on file with extra flags and returns stdout.
func browse(t *testing.T, file string, flags ...string) string {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		t.Skipf("no %s (apt-get install chromium)", chromium)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir()}, flags...)
	cmd := exec.CommandContext(ctx, chromium, append(args, "file://"+file)...)
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, errb.String())
	}
	return out.String()
}

// The page renders in a real browser, its script runs to the end, and the
// DOM has both lanes and the verdict. With NICSIM_SCREENSHOT=FILE.png the
// test also saves a screenshot to look at.
func TestBrowserRendersPage(t *testing.T) {
	page := filepath.Join(t.TempDir(), "rig.html")
	if err := os.WriteFile(page, rigHTML(t, 0), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := browse(t, page, "--dump-dom")
	for _, want := range []string{`data-ready="1"`, `id="lane-cpu0"`, `id="lane-cpu1"`, `id="lane-nic"`,
		"FAIL lock-reentry", `id="fail"`} {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered DOM lacks %s", want)
		}
	}
	if shot := os.Getenv("NICSIM_SCREENSHOT"); shot != "" {
		browse(t, page, "--screenshot="+shot, "--window-size=1400,900", "--hide-scrollbars")
		t.Logf("screenshot in %s", shot)
	}
}

// The controls work: hiding cpu1's column, highlighting a lock and
// filtering rows, driven by a script appended to the page.
func TestBrowserControls(t *testing.T) {
	const drive = `<script>
document.querySelector('input[data-col="c1"]').click();
document.querySelector('button[data-lock="L0"]').click();
var f = document.getElementById('filter'); f.value = 'tdh'; f.dispatchEvent(new Event('input'));
var hidden = 0, shown = 0;
document.querySelectorAll('.c1').forEach(function (el) { if (el.style.display === 'none') hidden++; });
document.querySelectorAll('#timeline tbody tr').forEach(function (tr) { if (tr.style.display !== 'none') shown++; });
document.body.setAttribute('data-check', hidden + ' ' + document.querySelectorAll('tr.hl').length + ' ' + shown);
</script></body>`
	page := strings.Replace(string(rigHTML(t, 0)), "</body>", drive, 1)
	path := filepath.Join(t.TempDir(), "controls.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	dom := browse(t, path, "--dump-dom")
	// The header and 25 rows hide cpu1's cell; 19 rows have e1000_lock held
	// or awaited; "tdh" keeps the TDH write, the tdh event and the failure.
	if want := `data-check="26 19 3"`; !strings.Contains(dom, want) {
		i := strings.Index(dom, "data-check")
		t.Errorf("controls gave %.40s, want %s", dom[max(i, 0):], want)
	}
}
