package jos

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadLabHand(t *testing.T) {
	dir := filepath.Join("testdata", "handlab")
	if !IsLabDir(dir) {
		t.Fatalf("IsLabDir(%s) = false", dir)
	}
	lab, err := ReadLab(dir)
	if err != nil {
		t.Fatal(err)
	}
	if lab.Numbers["SYS_time_msec"] != 14 || lab.Numbers["NSYSCALLS"] != 17 {
		t.Errorf("numbers: %v", lab.Numbers)
	}
	tx, err := lab.Call(RoleTransmit, "")
	if err != nil {
		t.Fatal(err)
	}
	rx, err := lab.Call(RoleReceive, "")
	if err != nil {
		t.Fatal(err)
	}
	if tx.Name != "SYS_net_transmit" || tx.Num != 15 || tx.Handler != "sys_net_transmit" || !tx.Checks || tx.Line == 0 {
		t.Errorf("tx = %+v", tx)
	}
	if rx.Name != "SYS_net_receive" || rx.Num != 16 || rx.Handler != "sys_net_receive" || !rx.Checks {
		t.Errorf("rx = %+v", rx)
	}
}

func TestReadLabRef(t *testing.T) {
	tree, err := Lab("ref:jos")
	if err != nil {
		t.Fatal(err)
	}
	lab, err := ReadLabTree(tree)
	if err != nil {
		t.Fatal(err)
	}
	if len(lab.Net) != 2 || lab.Net[0].Name != "SYS_net_try_send" || lab.Net[0].Role != RoleTransmit ||
		lab.Net[1].Role != RoleReceive || lab.Net[1].Num != 16 {
		t.Errorf("net = %+v", lab.Net)
	}
}

func TestNetSyscallsErrors(t *testing.T) {
	nums, err := SyscallNumbers([]byte(`enum { SYS_cputs = 0, SYS_cgetc, SYS_getenvid, SYS_env_destroy,
	SYS_page_alloc, SYS_page_map, SYS_page_unmap, SYS_exofork, SYS_env_set_status,
	SYS_env_set_trapframe, SYS_env_set_pgfault_upcall, SYS_yield, SYS_ipc_try_send,
	SYS_ipc_recv, SYS_time_msec, /* lab 6 */ SYS_e1000_tx = 16, SYS_e1000_rx, SYS_get_mac, NSYSCALLS };`))
	if err != nil {
		t.Fatal(err)
	}
	if nums["SYS_e1000_rx"] != 17 || nums["SYS_get_mac"] != 18 {
		t.Errorf("nums = %v", nums)
	}
	_, err = NetSyscalls(nums, []byte("int32_t syscall(uint32_t no, uint32_t a1) {\n switch (no) {\n case SYS_e1000_tx: return tx(a1);\n case SYS_get_mac: return mac(a1);\n }\n}\n"))
	if err == nil || !strings.Contains(err.Error(), "no case SYS_e1000_rx") {
		t.Errorf("err = %v", err)
	}
	if roleOf("SYS_get_mac") != RoleOther || roleOf("SYS_e1000_tx") != RoleTransmit || roleOf("SYS_pkt_receive") != RoleReceive {
		t.Error("roles")
	}
	if _, err := SyscallNumbers([]byte("enum { SYS_cputs = 0 };")); err == nil {
		t.Error("a short enum was accepted")
	}
}

// The reproduced real trees: a receive call that takes (buf, len) has its
// length in the second argument; sys_pkt_recv(void *, size_t *) does not
// (the unchecked-pointer oracle took &len for a length of 4 GB).
func TestReadLabRealTrees(t *testing.T) {
	for _, c := range []struct {
		lab, tx, rx string
		rxLen       bool
	}{
		{"a", "SYS_net_try_send", "SYS_net_recv", true},
		{"b", "SYS_pkt_send", "SYS_pkt_recv", false},
	} {
		lab, err := ReadLab(filepath.Join("testdata", "reallab", c.lab))
		if err != nil {
			t.Fatal(err)
		}
		tx, err := lab.Call(RoleTransmit, "")
		if err != nil {
			t.Fatal(err)
		}
		rx, err := lab.Call(RoleReceive, "")
		if err != nil {
			t.Fatal(err)
		}
		if tx.Name != c.tx || !tx.LenArg || !tx.Checks || tx.Handler != "sys_"+strings.TrimPrefix(c.tx, "SYS_") {
			t.Errorf("reallab/%s tx = %+v", c.lab, tx)
		}
		if rx.Name != c.rx || rx.LenArg != c.rxLen || !rx.Checks {
			t.Errorf("reallab/%s rx = %+v, want LenArg %v", c.lab, rx, c.rxLen)
		}
	}
}

// Students who dispatch without a switch: an if chain on syscallno, or a
// table of handlers indexed by SYS_ numbers.
func TestReadLabOtherDispatch(t *testing.T) {
	hdr, err := os.ReadFile(filepath.Join("testdata", "reallab", "a", "inc", "syscall.h"))
	if err != nil {
		t.Fatal(err)
	}
	handlers := "static int sys_net_try_send(void *buf, size_t len) { user_mem_assert(curenv, buf, len, PTE_U); return 0; }\n" +
		"static int sys_net_recv(void *buf, size_t *len) { return 0; }\n"
	for name, ksys := range map[string]string{
		"if chain": handlers + "int32_t\nsyscall(uint32_t syscallno, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)\n{\n" +
			"\tif (syscallno == SYS_cputs) { sys_cputs((char *)a1, a2); return 0; }\n" +
			"\tif (syscallno == SYS_net_try_send)\n\t\treturn sys_net_try_send((void *)a1, a2);\n" +
			"\telse if (SYS_net_recv == syscallno)\n\t\treturn sys_net_recv((void *)a1, (size_t *)a2);\n\treturn -E_INVAL;\n}\n",
		"table": handlers + "static int32_t (*const syscalls[])() = {\n\t[SYS_cputs] = (void *)sys_cputs,\n" +
			"\t[SYS_net_try_send] = sys_net_try_send,\n\t[SYS_net_recv] = (int32_t (*)())&sys_net_recv,\n};\n" +
			"int32_t\nsyscall(uint32_t syscallno, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4, uint32_t a5)\n{\n" +
			"\tif (syscallno >= NSYSCALLS || !syscalls[syscallno])\n\t\treturn -E_INVAL;\n\treturn syscalls[syscallno](a1, a2, a3, a4, a5);\n}\n",
	} {
		lab, err := ReadLabTree(map[string][]byte{"inc/syscall.h": hdr, "kern/syscall.c": []byte(ksys)})
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		tx, _ := lab.Call(RoleTransmit, "")
		rx, _ := lab.Call(RoleReceive, "")
		if tx.Handler != "sys_net_try_send" || !tx.Checks || !tx.LenArg || tx.Line == 0 {
			t.Errorf("%s: tx = %+v", name, tx)
		}
		if rx.Handler != "sys_net_recv" || rx.Checks || rx.LenArg || rx.Line == 0 {
			t.Errorf("%s: rx = %+v", name, rx)
		}
	}
}
