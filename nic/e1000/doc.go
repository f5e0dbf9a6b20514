// Package e1000 models the Intel 82540EM ("e1000") as the xv6 net lab and
// MIT JOS lab 6 drivers use it: the register window (CTRL, STATUS, EERD,
// ICR/ICS/IMS/IMC, RCTL, TCTL, TIPG, the ring registers, RAL/RAH, MTA, a
// few statistics), legacy transmit and receive descriptors, and the DMA
// engines that move them.
//
// A [Device] is created with [New] on a [sim.Machine]. The kernel model
// reaches its registers through [Device.Read] and [Device.Write] and tells
// it of every driver access to DMA-visible memory through
// [Device.DriverAccess]; frames leave through a [Wire] and arrive through
// [Device.Receive]. The transmit and receive DMA engines are the sim actors
// "nic.tx" and "nic.rx", enabled exactly when they have work; the interrupt
// line is [sim.Machine.SetIRQ], driven from ICR & IMS.
//
// # Personalities
//
// [QEMU] reproduces what QEMU's hw/net/e1000.c does, because that is what
// drivers were tested against: transmit runs synchronously inside the TDT
// (or TCTL) write (staging bytes across descriptors without EOP, DD only
// with RS, TXQE always), the low 4 bits of ring bases and 7 bits of ring
// lengths are silently dropped, head and tail are not checked against the
// ring (a lap guard stops runaway loops), every RCTL write blocks reception
// for 1 s of virtual time, frames wait in a queue while the device cannot
// receive, and interrupt mitigation spaces interrupts by at least ~128 us
// when [Config.Mitigation] is on.
//
// [Strict] follows the manual: each descriptor takes separate scheduler
// steps (fetch, data, write-back), so the driver runs between them; ring
// alignment, length and index errors are configuration faults reported at
// the first DMA that uses the ring; a head register read while a
// descriptor is in flight may already show the head past it; arriving
// frames go to a packet buffer of [Config.RXFIFO] frames and are dropped
// with RXO when it is full; the FCS is stored in the buffer unless
// RCTL.SECRC; RDTR/RADV delay RXT0.
//
// # Oracles
//
// Every device DMA is checked: outside RAM it fails the run with
// [sim.ClassDMAFault]; into an unallocated page of the kernel heap with
// [sim.ClassUseAfterFree]. Once a ring is configured, the device tracks
// which descriptors it owns ([head, tail), as posted by tail writes) and a
// driver write into one of them fails the run with [sim.ClassRingOwnership],
// saying when and by which tail write the descriptor was posted.
//
// # Trace
//
// The device emits dma.read and dma.write (address, length and what: "TX
// desc 5", "RX buf 3", "TX status 5"), tx.frame, tx.drop, rx.frame,
// rx.drop and rx.hold (with a reason), tdh and rdh (head and tail after
// each advance), icr (pending causes) and irq (line level). Register
// accesses are traced by the kernel model.
//
// Facts and their sources are in specs/e1000.md; which driver bugs each
// personality exposes is in notes/bugs.md.
package e1000
