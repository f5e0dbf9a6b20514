// Package jos is the home of the JOS lab 6 kernel model (MIT 6.828: an
// i386 kernel with environments, IPC and a user-level network server,
// for which students write an e1000 driver, two system calls and the
// input and output environments). It holds the C side that both the
// simulator and the real i386 guest build on, embedded in [FS]:
//
//	include/inc/, include/kern/   stand-ins for the JOS headers a student's files use
//	include/net/ns.h               the network server's header ("ns.h", the lab's -Inet)
//	include/lwip/sockets.h         the two lwIP types inc/ns.h needs
//	drivers/ref/                   the reference lab: our own kern/e1000.c and
//	                               kern/e1000.h, the kern/pci.c row, the net system
//	                               calls (kern/syscall.c, lib/syscall.c, inc/syscall.h,
//	                               inc/lib.h, inc/error.h) and net/input.c, net/output.c
//	zoo/<mutant>.mutant            one planted bug: a patch against the reference lab
//
// The stand-in headers declare what the kernel and the user library
// provide; the implementations come from nicsim's hosted runtime and the
// real guest. The folder above inc/ and kern/ is the include root, so
// <kern/e1000.h> and <inc/string.h> resolve with a lone driver; a student's
// own headers win when their lab folder comes first on the include path,
// as drivers/ref does for the files a student edits.
//
// Every file compiles with the lab's flags ([LabFlags], -m32) and the
// define of its side ([Kernel] or [User]); [Args] gives the include
// flags. [Services] and [Objects] are the one list of what the headers
// declare for the kernel and the user library to provide (the hosted
// runtime and the real guest implement it). [Layouts] records the i386
// layout of the kernel structs the runtime fills in for the driver
// (struct pci_func above all). The tests check all three against the real
// -m32 build.
//
// [AttachFunction] finds the driver's attach function the way JOS's
// pci_attach_match does: the pci_attach_vendor[] row of kern/pci.c (after
// gcc -E, so the student's macros are numbers) for the device's vendor
// and device IDs.
//
// Drivers are named "ref:jos" and "zoo:jos/<mutant>" ([Names]). A mutant
// uses the zoo format of package csrc ([csrc.Mutant]: tags, then blocks of
// exact reference lines and their replacements); as a JOS lab is a tree,
// each block applies to the one reference file in which its text occurs
// exactly once ([Mutant.Files]). [Lab] returns the tree of a driver and
// [WriteTree] writes it, with the headers, for a compiler.
package jos
