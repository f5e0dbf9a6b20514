// Package oracle holds checkers fed by events, in the manner of TigerBeetle's
// state_checker: a checker keeps the state it needs to judge, is told what
// happened one event at a time, and returns a [Finding] when an event breaks
// its rule. Nothing in it is wired into a run: a simulated run feeds the
// frames and datagrams it sees, and a QEMU run feeds the frames of its pcap,
// so the same checker judges both.
package oracle
