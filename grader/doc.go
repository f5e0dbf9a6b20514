// Package grader is what nicsim knows of a lab's own grader (`make grade`)
// independently of any kernel: its subtests as the grader names and scores
// them ([Grader], [Subtest]), the outcome of one subtest in a run or a hunt
// ([Result]), how `make grade` prints them ([Format], [Score]) and how to
// read them back from a guest's console ([Grader.Parse]).
//
// A kernel model registers its labs' graders ([Register]) from its own
// package (guest/xv6 registers the xv6 net lab's two); the simulated
// grader scenarios, the hunt's report and the real guest's run under QEMU
// all speak these types. This package names no kernel and imports nothing
// of nicsim.
package grader
