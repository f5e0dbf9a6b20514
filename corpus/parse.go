package corpus

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Parse reads a replay file. Malformed input yields a [*ParseError] naming
// the line; a read error is wrapped in one. Parse never panics.
func Parse(r io.Reader) (*File, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), MaxLineBytes+2) // +2 for "\r\n"
	p := &parser{seen: map[string]int{}}
	for sc.Scan() {
		p.line++
		if err := p.parseLine(sc.Text()); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, p.readError(err)
	}
	return p.finish()
}

// ParseBytes parses a replay file held in memory.
func ParseBytes(b []byte) (*File, error) { return Parse(bytes.NewReader(b)) }

// parser is the state of Parse between lines.
type parser struct {
	f            File
	line         int            // current line, 1-based
	seen         map[string]int // header key -> line it was on
	declared     int            // decisions the header announced
	declLine     int            // line of the decisions header, 0 if none yet
	inDecisions  bool           // a decision line has been read
	ended        bool           // the "end" line has been read
	commentBytes int
}

func (p *parser) errf(format string, args ...any) error {
	return &ParseError{Line: p.line, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) readError(err error) error {
	if errors.Is(err, bufio.ErrTooLong) {
		return &ParseError{Line: p.line + 1, Msg: fmt.Sprintf("line longer than %d bytes", MaxLineBytes)}
	}
	return &ParseError{Line: p.line + 1, Msg: "read error: " + err.Error(), Err: err}
}

func (p *parser) parseLine(line string) error {
	if p.line == 1 {
		return p.magic(line)
	}
	if len(line) > MaxLineBytes {
		return p.errf("line longer than %d bytes", MaxLineBytes)
	}
	if msg := checkChars(line, true, "column %d"); msg != "" {
		return p.errf("%s", msg)
	}
	switch {
	case strings.TrimSpace(line) == "":
		return nil
	case p.ended:
		return p.errf("unexpected text after \"end\": %q", clip(line))
	case line[0] == '#':
		return p.comment(line)
	case line == "d" || strings.HasPrefix(line, "d ") || strings.HasPrefix(line, "d\t"):
		return p.decisionLine(line)
	case strings.TrimRight(line, " \t") == "end":
		return p.end()
	}
	return p.header(line)
}

// magic checks the first line: format name and version.
func (p *parser) magic(line string) error {
	rest, ok := strings.CutPrefix(line, Magic+" v")
	if !ok {
		return &ParseError{Msg: fmt.Sprintf("not a nicsim replay file (first line %q)", clip(line))}
	}
	v, err := strconv.ParseUint(rest, 10, 32)
	switch {
	case err != nil:
		return &ParseError{Line: 1, Msg: fmt.Sprintf("bad replay format version %q", clip("v"+rest))}
	case v > Version:
		return &ParseError{Msg: fmt.Sprintf("replay format v%d is newer than this nicsim (v%d)", v, Version)}
	case v < Version:
		return &ParseError{Msg: fmt.Sprintf("replay format v%d is not supported (this nicsim reads v%d)", v, Version)}
	}
	return nil
}

func (p *parser) comment(line string) error {
	text := strings.TrimPrefix(line[1:], " ")
	p.commentBytes += len(text) + 1
	if p.commentBytes > MaxCommentBytes {
		return p.errf("comments exceed %d bytes", MaxCommentBytes)
	}
	p.f.Comments = append(p.f.Comments, text)
	return nil
}

func (p *parser) header(line string) error {
	key, value, ok := strings.Cut(line, ":")
	if !ok {
		return p.errf("want \"key: value\", \"d ...\" or \"end\", got %q", clip(line))
	}
	h, ok := lookupHeader(key)
	if !ok {
		return p.errf("unknown header key %q", clip(key))
	}
	if first, dup := p.seen[key]; dup {
		return p.errf("duplicate header key %q (first on line %d)", key, first)
	}
	if p.inDecisions {
		return p.errf("header %q after decision lines", key)
	}
	p.seen[key] = p.line
	value = strings.TrimSpace(value)
	if value == "" {
		return p.errf("%s: empty value (leave the line out instead)", key)
	}
	if msg := p.setHeader(h, value); msg != "" {
		return p.errf("%s: %s", key, msg)
	}
	return nil
}

// setHeader stores a non-empty, trimmed header value.
func (p *parser) setHeader(h header, v string) string {
	switch {
	case h.str != nil:
		if msg := checkText(v); msg != "" {
			return msg
		}
		if h.check != nil {
			if msg := h.check(v); msg != "" {
				return msg
			}
		}
		*h.str(&p.f) = v
	case h.num != nil:
		n, msg := parseUint64(v)
		*h.num(&p.f) = n
		return msg
	case h.key == "params":
		ps, msg := parseParams(v)
		p.f.Params = ps
		return msg
	case h.key == "decisions":
		return p.setDecisionCount(v)
	}
	return ""
}

func (p *parser) setDecisionCount(v string) string {
	n, msg := parseUint64(v)
	if msg != "" {
		return msg
	}
	if n > MaxDecisions {
		return fmt.Sprintf("%d exceeds the limit of %d", n, MaxDecisions)
	}
	p.declared, p.declLine = int(n), p.line
	if n > 0 {
		p.f.Decisions = make([]Decision, 0, min(n, 4096))
	}
	return ""
}

func (p *parser) decisionLine(line string) error {
	if p.declLine == 0 {
		return p.errf("decision line before the \"decisions:\" header")
	}
	p.inDecisions = true
	toks := strings.Fields(line[1:])
	if len(toks) == 0 {
		return p.errf("decision line without decisions")
	}
	for i, tok := range toks {
		if len(p.f.Decisions) == p.declared {
			return p.errf("token %d %q: more decisions than the %d declared on line %d",
				i+1, clip(tok), p.declared, p.declLine)
		}
		d, msg := parseDecision(tok)
		if msg != "" {
			return p.errf("token %d %q: %s", i+1, clip(tok), msg)
		}
		p.f.Decisions = append(p.f.Decisions, d)
	}
	return nil
}

func (p *parser) end() error {
	var missing []string
	for _, h := range headers {
		if h.required && p.seen[h.key] == 0 {
			missing = append(missing, strconv.Quote(h.key))
		}
	}
	if len(missing) > 0 {
		return p.errf("missing required header %s", strings.Join(missing, ", "))
	}
	if got := len(p.f.Decisions); got != p.declared {
		return p.errf("found %d decisions, but line %d declares %d", got, p.declLine, p.declared)
	}
	p.ended = true
	return nil
}

func (p *parser) finish() (*File, error) {
	if p.line == 0 {
		return nil, &ParseError{Msg: "empty replay file"}
	}
	if !p.ended {
		msg := "truncated replay file: no \"end\" line"
		if p.declLine > 0 {
			msg += fmt.Sprintf(" (read %d of %d decisions)", len(p.f.Decisions), p.declared)
		}
		return nil, &ParseError{Line: p.line + 1, Msg: msg}
	}
	return &p.f, nil
}
