package corpus

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// decisionsPerLine is how many decisions Marshal writes on one "d" line.
const decisionsPerLine = 32

// Validate reports whether f can be written as a replay file that parses
// back to an equal File, and if not, which field is wrong.
func (f *File) Validate() error {
	for _, h := range headers {
		if msg := validateHeader(f, h); msg != "" {
			return fmt.Errorf("corpus: invalid replay file: %s: %s", h.key, msg)
		}
	}
	if len(formatParams(f.Params)) > maxValueBytes {
		return fmt.Errorf("corpus: invalid replay file: params: longer than %d bytes", maxValueBytes)
	}
	for i, p := range f.Params {
		if msg := checkParam(p); msg != "" {
			return fmt.Errorf("corpus: invalid replay file: params[%d]: %s", i, msg)
		}
		if j := indexParam(f.Params[:i], p.Key); j >= 0 {
			return fmt.Errorf("corpus: invalid replay file: params[%d]: key %q repeats params[%d]", i, clip(p.Key), j)
		}
	}
	if err := validateDecisions(f.Decisions); err != nil {
		return err
	}
	return validateComments(f.Comments)
}

func validateHeader(f *File, h header) string {
	if h.str == nil {
		return ""
	}
	v := *h.str(f)
	switch {
	case v == "" && h.required:
		return "missing (required)"
	case v == "":
		return ""
	}
	if msg := checkText(v); msg != "" {
		return msg
	}
	if h.check != nil {
		return h.check(v)
	}
	return ""
}

func indexParam(ps []Param, key string) int {
	for i, p := range ps {
		if p.Key == key {
			return i
		}
	}
	return -1
}

func validateDecisions(ds []Decision) error {
	if len(ds) > MaxDecisions {
		return fmt.Errorf("corpus: invalid replay file: %d decisions exceed the limit of %d", len(ds), MaxDecisions)
	}
	for i, d := range ds {
		if msg := checkDecision(d); msg != "" {
			return fmt.Errorf("corpus: invalid replay file: decisions[%d]: %s", i, msg)
		}
	}
	return nil
}

func validateComments(cs []string) error {
	total := 0
	for i, c := range cs {
		if msg := checkChars(c, true, "byte %d"); msg != "" {
			return fmt.Errorf("corpus: invalid replay file: comments[%d]: %s", i, msg)
		}
		if len(c) > MaxLineBytes-2 {
			return fmt.Errorf("corpus: invalid replay file: comments[%d]: longer than %d bytes", i, MaxLineBytes-2)
		}
		total += len(c) + 1
	}
	if total > MaxCommentBytes {
		return fmt.Errorf("corpus: invalid replay file: comments total %d bytes, more than %d", total, MaxCommentBytes)
	}
	return nil
}

// Marshal returns the replay file text of f, or the [File.Validate] error.
func (f *File) Marshal() ([]byte, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	b := make([]byte, 0, 512+8*len(f.Decisions))
	b = fmt.Appendf(b, "%s v%d\n", Magic, Version)
	for _, c := range f.Comments {
		b = appendComment(b, c)
	}
	for _, h := range headers {
		b = appendHeader(b, f, h)
	}
	b = appendDecisions(b, f.Decisions)
	b = append(b, "end\n"...)
	return b, nil
}

// WriteTo writes the replay file text of f to w. It writes nothing if f
// does not pass [File.Validate].
func (f *File) WriteTo(w io.Writer) (int64, error) {
	b, err := f.Marshal()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

func appendComment(b []byte, c string) []byte {
	if c == "" {
		return append(b, "#\n"...)
	}
	b = append(b, "# "...)
	b = append(b, c...)
	return append(b, '\n')
}

func appendHeader(b []byte, f *File, h header) []byte {
	var v string
	switch {
	case h.str != nil:
		v = *h.str(f)
	case h.key == "seed":
		v = strconv.FormatUint(f.Seed, 10)
	case h.num != nil && *h.num(f) != 0:
		v = strconv.FormatUint(*h.num(f), 10)
	case h.key == "params":
		v = formatParams(f.Params)
	case h.key == "decisions":
		v = strconv.Itoa(len(f.Decisions))
	}
	if v == "" {
		return b
	}
	b = append(b, h.key...)
	b = append(b, ": "...)
	b = append(b, v...)
	return append(b, '\n')
}

func formatParams(ps []Param) string {
	var sb strings.Builder
	for i, p := range ps {
		if i > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(p.Key)
		sb.WriteByte('=')
		sb.WriteString(p.Value)
	}
	return sb.String()
}

func appendDecisions(b []byte, ds []Decision) []byte {
	for i, d := range ds {
		switch {
		case i%decisionsPerLine == 0:
			b = append(b, 'd', ' ')
		default:
			b = append(b, ' ')
		}
		b = appendDecision(b, d)
		if i%decisionsPerLine == decisionsPerLine-1 || i == len(ds)-1 {
			b = append(b, '\n')
		}
	}
	return b
}
