# entry.S: boot and trap entry of the nicsim bare-metal guest (M-mode, -bios none).
# QEMU's virt machine jumps to 0x80000000 with a0 = hartid. There is one hart (-smp 1).

        .section .text.entry
        .globl _entry
_entry:
        la sp, stack0_top
        li tp, 0
        la t0, trapvec
        csrw mtvec, t0
        call main
1:      wfi
        j 1b

# trapvec saves the caller-saved registers, calls mtrap() and returns with mret.
# Interrupts (mstatus.MIE) are off while mtrap runs, as in xv6's devintr.
        .text
        .align 4
        .globl trapvec
trapvec:
        addi sp, sp, -128
        sd ra, 0(sp)
        sd t0, 8(sp)
        sd t1, 16(sp)
        sd t2, 24(sp)
        sd a0, 32(sp)
        sd a1, 40(sp)
        sd a2, 48(sp)
        sd a3, 56(sp)
        sd a4, 64(sp)
        sd a5, 72(sp)
        sd a6, 80(sp)
        sd a7, 88(sp)
        sd t3, 96(sp)
        sd t4, 104(sp)
        sd t5, 112(sp)
        sd t6, 120(sp)
        call mtrap
        .globl trapret
trapret:
        ld ra, 0(sp)
        ld t0, 8(sp)
        ld t1, 16(sp)
        ld t2, 24(sp)
        ld a0, 32(sp)
        ld a1, 40(sp)
        ld a2, 48(sp)
        ld a3, 56(sp)
        ld a4, 64(sp)
        ld a5, 72(sp)
        ld a6, 80(sp)
        ld a7, 88(sp)
        ld t3, 96(sp)
        ld t4, 104(sp)
        ld t5, 112(sp)
        ld t6, 120(sp)
        addi sp, sp, 128
        mret

        .section .bss
        .align 16
        .globl stack0, stack0_top
stack0:
        .space 32768
stack0_top:
