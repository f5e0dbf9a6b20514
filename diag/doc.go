// Package diag turns verdicts into findings a person can act on: it names
// the driver sites a verdict carries ([Sites]), deduplicates failures by a
// [Signature] (the verdict class plus the sites that matter: C function and
// line, lock, register), orders findings by [Tier] (lab, hardware, faults),
// and explains each class in four parts ([Explain]): what happened in the
// driver's own names, why it is a bug, whether QEMU shows it, and the fix at
// a line.
//
// A signature plays the role of syzkaller's crash title and rapid's
// sameError: two failures with the same signature are the same bug, so a
// hunt keeps one finding per signature and shrinking keeps the signature,
// not just the class.
//
// diag names no device or kernel: register and ring names come from the
// device registry (package nic), and the explanations of each class are
// registered by the device and kernel models ([Register]). It reads only
// verdict messages and formatted trace lines.
package diag
