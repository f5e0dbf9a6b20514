#!/bin/sh
# install.sh: install what guest/qemu needs to build and boot the real guest:
# qemu-system-riscv64 and the riscv64 bare-metal cross compiler, from Debian packages.
# Idempotent and quiet when everything is already present. Needs root (or sudo).
set -eu

have() { command -v "$1" >/dev/null 2>&1; }

if have qemu-system-riscv64 && have riscv64-unknown-elf-gcc && have riscv64-unknown-elf-nm; then
	exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
	if have sudo; then SUDO="sudo"; else
		echo "guest/qemu/install.sh: need root to apt-get install" >&2
		exit 1
	fi
fi

echo "guest/qemu/install.sh: installing qemu-system-misc and the riscv64 cross compiler" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends \
	qemu-system-misc gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf >/dev/null
have qemu-system-riscv64 && have riscv64-unknown-elf-gcc
