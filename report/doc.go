// Package report turns a run's trace into a failure report a person can
// read: a two-lane timeline with the CPUs on the left and the NIC's DMA
// steps and the wire on the right, where every row carries the state at
// that moment (the locks held and by which CPU, the TX and RX ring head and
// tail).
//
// [Timeline] folds events into rows ([Row]). [WriteText] renders rows as a plain
// text timeline for a terminal and for <base>.timeline.txt; [WriteHTML]
// renders a self-contained HTML page (no external resources) with the
// verdict, the run's banner and a scrollable timeline with one column per
// CPU, in the spirit of porcupine's visualization. [WriteFiles] writes both
// beside a replay file. Output depends only on the input: the same rows give
// the same bytes.
package report
