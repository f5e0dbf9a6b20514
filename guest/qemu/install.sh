#!/bin/sh
# install.sh: install what guest/qemu needs to build and boot the real guests:
# qemu-system-riscv64 and the riscv64 bare-metal cross compiler (the xv6 guest), and
# qemu-system-i386 with gcc's 32-bit support (guest/qemu/pc, the i386 guest), from
# Debian packages.
# Idempotent and quiet when everything is already present. Needs root (or sudo).
set -eu

have() { command -v "$1" >/dev/null 2>&1; }

# have32 reports whether gcc links freestanding 32-bit code with libgcc (gcc-multilib).
have32() {
	d=$(mktemp -d) || return 1
	printf 'long long f(long long a, long long b) { return a / b; }\nvoid _start(void) {}\n' >"$d/t.c"
	r=1
	if gcc -m32 -ffreestanding -nostdlib -static -o "$d/t" "$d/t.c" -lgcc >/dev/null 2>&1; then r=0; fi
	rm -rf "$d"
	return $r
}

ready() {
	have qemu-system-riscv64 && have riscv64-unknown-elf-gcc && have riscv64-unknown-elf-nm &&
		have qemu-system-i386 && have gcc && have32
}

if ready; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
	if have sudo; then SUDO="sudo"; else
		echo "guest/qemu/install.sh: need root to apt-get install" >&2
		exit 1
	fi
fi

echo "guest/qemu/install.sh: installing qemu-system-misc, qemu-system-x86, the riscv64 cross compiler and gcc-multilib" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends \
	qemu-system-misc gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf \
	qemu-system-x86 gcc gcc-multilib >/dev/null
ready
