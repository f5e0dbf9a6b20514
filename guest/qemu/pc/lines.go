package pc

import (
	"strconv"
	"strings"
)

// fields parses "key=value" words after a console marker.
func fields(line string) map[string]string {
	m := map[string]string{}
	for _, w := range strings.Fields(line) {
		if k, v, ok := strings.Cut(w, "="); ok {
			m[k] = v
		}
	}
	return m
}

func atoi(m map[string]string, key string) int {
	n, _ := strconv.Atoi(m[key])
	return n
}

func parseTx(line string) Tx {
	m := fields(line)
	return Tx{ID: atoi(m, "id"), Kind: m["kind"], Seq: atoi(m, "seq"), Len: atoi(m, "len"), RC: atoi(m, "rc")}
}

func parseCmd(line string) Cmd {
	m := fields(line)
	return Cmd{ID: atoi(m, "id"), Status: atoi(m, "status")}
}

func parseRx(line string) Rx {
	m := fields(line)
	crc, _ := strconv.ParseUint(m["crc"], 16, 32)
	return Rx{N: atoi(m, "n"), Status: atoi(m, "status"), Len: atoi(m, "len"), CRC: uint32(crc),
		Kind: m["kind"], Seq: atoi(m, "seq")}
}
