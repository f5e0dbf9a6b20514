// Package i8255x models the Intel 82557 (QEMU's "i82557b", PCI 8086:1229
// revision 2) as hobby-kernel and teaching drivers use it: the SCB (status,
// STAT/ACK, command and interrupt-control bytes, general pointer), PORT,
// the serial EEPROM, MDI, the command unit walking a Command Block List
// (NOP, IA setup, configure, multicast setup, transmit in simplified and
// flexible mode, with EL, S and I) and the receive unit filling a Receive
// Frame Area of simplified RFDs.
//
// A [Device] is created with [New] on a [sim.Machine]. The kernel model
// reaches the CSR through [Device.Read] and [Device.Write] with an access
// width (1, 2 or 4) in either window (SpaceIO, SpaceMMIO), and tells it of
// every driver access to DMA-visible memory through [Device.DriverAccess];
// frames leave through a [Wire] and arrive through [Device.Receive]. The
// device tells the kernel model which memory it will DMA as it learns it
// (Config.DeclareDMA). Its actors are "nic.scb" (command acceptance,
// strict), "nic.cu" (the CU, strict) and "nic.ru" (the RU); each is enabled
// exactly when it has work. The interrupt line is [sim.Machine.SetIRQ],
// driven from STAT/ACK and the interrupt-control byte.
//
// # Personalities
//
// [QEMU] reproduces hw/net/eepro100.c: the RU and CU commands run inside
// the SCB command write (the CBL is walked there, at most 16 CBs per start
// or resume) and the command byte reads 0 at once; CU resume on an idle CU
// is accepted (treated as suspended); nothing is checked for alignment; the
// RU writes status, count (without EOF/F) and data into whatever RFD comes
// next, even a size-0 one (the frame truncated to 0 bytes), and a frame
// arriving while the RU is not ready is dropped with RNR; the specific
// interrupt masks are honoured; a dword write at 0x00 stores all four SCB
// bytes without acting.
//
// [Strict] follows the manual: a command waits in the command byte until
// the "nic.scb" actor accepts it, and a command written before that fails
// the run ([ClassCommandLost]); CU start while active fails
// ([ClassStartActive]); CU resume on an idle CU is ignored (and named by
// [Device.CheckStall] if the CU then stalls, [ClassIdleResume]); the CU
// fetches, executes and writes back each CB in separate steps, acting on
// EL and S as fetched, so a driver clearing them after the fetch races with
// it ([ClassAppendRace]), except that a CU resume accepted while the CU is
// active makes it re-read an S bit (the Linux e100 handoff); the RU fetches,
// writes data, writes the count (with EOF and F) and then the status of each
// RFD in separate steps, skips size-0 RFDs without writing them, and reports
// truncation; a pending CU or RU start declares the block it names, and no
// unit with work waits more than 5 us of virtual time for a step
// (sim.Machine.SetMaxWait), so a driver polling the command byte or a C bit
// sees the device move whatever the schedule; CBs and RFDs must be word
// aligned and the dump area dword aligned ([ClassMisaligned]); only M masks
// the pin (the 82557 has no specific masks).
//
// # Oracles
//
// Every device DMA goes through nic.DMA: outside RAM it fails the run with
// [sim.ClassDMAFault] (the qemu personality lets it pass, as QEMU does),
// into an unallocated heap page with nic.ClassUseAfterFree. While the CU is
// active it owns the CBs from the one in flight along links to the first
// with EL or S; while the RU is ready it owns the RFDs likewise. A driver
// write into an owned block fails the run with [sim.ClassRingOwnership],
// except the command word and link of the block that stops the unit (and
// an RFD's size), which is how lists are extended. The device implements
// nic.StallChecker: at quiescence [Device.CheckStall] names a stall only it
// can explain. The device's findings are catalogue rows 28 (command lost),
// 29 (idle resume, start while active), 30 (append race, ownership) and 33
// (alignment); rows 31 and 32 show as RNR, drops and ownership faults.
//
// # Trace
//
// dma.read and dma.write (address, length, what: "CB", "TCB data", "RFD
// status"), cb.done, tx.frame, tx.drop, rx.frame, rx.drop (with a reason),
// rfd.skip, cu.state and ru.state, scb.cmd and scb.accept, scb.ignored,
// scb.raw, cu.resume-idle, cu.resume-latched, cbl.race, cu.limit, statack,
// irq, port, eeprom.read, mdi and ia.
//
// Facts and their sources are in specs/i8255x.md; the driver bugs each
// personality exposes are rows 28-33 of notes/bugs.md.
package i8255x
