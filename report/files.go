package report

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// FileTextRows is how many of the newest rows WriteFiles puts in the text
// timeline; the .trace file beside it has every event.
const FileTextRows = 20000

// WriteFiles writes base+".timeline.txt" (a header with the verdict and
// banner, then the newest FileTextRows rows) and base+".html" (WriteHTML).
func WriteFiles(base string, in HTMLInput) error {
	if err := writeFile(base+".timeline.txt", func(w io.Writer) error { return writeTextFile(w, &in) }); err != nil {
		return err
	}
	return writeFile(base+".html", func(w io.Writer) error { return WriteHTML(w, in) })
}

func writeTextFile(w io.Writer, in *HTMLInput) error {
	bw := bufio.NewWriter(w)
	p := page{}
	verdict(&p, in.Verdict)
	if p.Pass {
		fmt.Fprintln(bw, "# nicsim timeline: pass")
	} else {
		fmt.Fprintf(bw, "# nicsim timeline: FAIL %s (%s)\n", p.Class, p.When)
		for _, l := range strings.Split(p.Message, "\n") {
			fmt.Fprintf(bw, "#   %s\n", l)
		}
	}
	var kv []string
	for _, p := range bannerPairs(&in.Banner) {
		kv = append(kv, p[0]+"="+p[1])
	}
	fmt.Fprintf(bw, "# %s\n", strings.Join(kv, " "))
	if in.Banner.Replay != "" {
		fmt.Fprintf(bw, "# replay: %s\n", in.Banner.Replay)
	}
	all := WithVerdict(in.Rows, in.Verdict)
	rows := Last(all, FileTextRows)
	if n := len(all) - len(rows); n > 0 {
		fmt.Fprintf(bw, "# %d earlier rows not shown (the .trace file has every event)\n", n)
	}
	if err := WriteText(bw, rows, 0); err != nil {
		return err
	}
	return bw.Flush()
}

func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	return errors.Join(write(f), f.Close())
}
