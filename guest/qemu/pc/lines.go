package pc

import (
	"strconv"

	"github.com/nicsim/nicsim/guest/qemu"
)

// parseTx, parseCmd and parseRx read the workload's marker lines.
func parseTx(line string) Tx {
	m := qemu.ConsoleFields(line)
	return Tx{ID: qemu.FieldInt(m, "id"), Kind: m["kind"], Seq: qemu.FieldInt(m, "seq"), Len: qemu.FieldInt(m, "len"), RC: qemu.FieldInt(m, "rc")}
}

func parseCmd(line string) Cmd {
	m := qemu.ConsoleFields(line)
	return Cmd{ID: qemu.FieldInt(m, "id"), Status: qemu.FieldInt(m, "status")}
}

func parseRx(line string) Rx {
	m := qemu.ConsoleFields(line)
	crc, _ := strconv.ParseUint(m["crc"], 16, 32)
	return Rx{N: qemu.FieldInt(m, "n"), Status: qemu.FieldInt(m, "status"), Len: qemu.FieldInt(m, "len"), CRC: uint32(crc),
		Kind: m["kind"], Seq: qemu.FieldInt(m, "seq")}
}
