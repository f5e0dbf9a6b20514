// Package corpus reads and writes nicsim replay files, the versioned text
// files nicsim writes when it finds a failure and that `nicsim replay FILE`
// runs again.
//
// # Format
//
// A replay file is UTF-8 text, one item per line:
//
//	nicsim replay v1
//	# found by nicsim run; comment lines start with '#'
//	# invariant: lock e1000.tx acquired twice (t=1.204ms)
//	driver: model:xv6
//	driver-hash: sha256:9f86d081884c7d659a2feaa0c55ad015
//	abi: xv6
//	device: e1000
//	personality: strict
//	scenario: ping
//	params: packets=64 ring=16 cpus=3
//	bug: arp-reentrant
//	strategy: pct:3
//	seed: 8812734
//	verdict: lock-reentry
//	trace-hash: 9f86d081884c7d65
//	steps: 12345
//	decisions: 3
//	d s1/3 s0/2 f4/9
//	end
//
// The first line names the format and its version ([Magic], [Version]). A
// file of a newer version is rejected rather than misread.
//
// Header lines are "key: value"; the value runs to the end of the line, with
// surrounding white space removed. The keys are fixed: an unknown key or a
// repeated one is an error. driver, device, personality, scenario and seed
// are required; the others may be left out (an empty value is an error:
// leave the line out instead). Values are free text without control
// characters, except:
//
//   - driver-hash is "-" (unknown) or "algorithm:hex", e.g. "sha256:9f86d0...";
//   - trace-hash is 16 lowercase hex digits;
//   - seed and steps are decimal uint64;
//   - params is a space-separated list of key=value pairs, kept in order,
//     with distinct keys; a value may be empty but holds no spaces;
//   - decisions is the number of decisions that follow.
//
// After the header come the decisions, on lines starting with "d ", as
// space-separated tokens <stream><value>/<n>: stream is a letter a-z (stream
// index = letter - 'a'), n >= 2 and value < n. For example "f4/9" is value 4
// of 9 on stream 5. The total must equal the decisions header.
//
// The last line is "end"; a file without it is reported as truncated. Blank
// lines may appear anywhere and comment lines anywhere before "end". A '#'
// starts a comment only in the first column.
//
// # Errors and limits
//
// [Parse] never panics. It returns a [*ParseError] that says what is wrong
// and on which line, such as
//
//	line 7: unknown header key "foo"
//	line 14: token 3 "s5/3": value 5 is not less than n 3
//	line 19: truncated replay file: no "end" line (read 8 of 12 decisions)
//
// and [Load] puts the path in front. Lines are at most [MaxLineBytes] long,
// comments total at most [MaxCommentBytes] and a file holds at most
// [MaxDecisions] decisions, so garbage input cannot make the loader allocate
// without bound.
//
// # Writing
//
// [File.Marshal], [File.WriteTo] and [File.Save] write the canonical form:
// comments first, then the header in the order above, then decisions 32 to
// a line. They first check the File with [File.Validate], so whatever they
// write parses back to an equal File. Comments are written and read back
// verbatim after "# "; a writer keeps the human-readable failure message
// there.
package corpus
