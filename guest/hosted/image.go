package hosted

import (
	"bytes"
	"debug/elf"
	"fmt"
	"sync"

	"github.com/nicsim/nicsim/guest"
)

// Image is a driver compiled and linked with nicsim's runtime: a static ELF
// whose code and data sit at its layout's Image address (xv6: 0x80000000).
// [Image.Load] maps it.
type Image struct {
	// Cached is true when Build found the image in the cache.
	Cached bool

	name  string
	kit   *guest.HostedKit
	lay   guest.HostedLayout
	hash  string
	elf   []byte
	segs  []segment
	addrs symbols

	symOnce sync.Once
	syms    *symtab
	symErr  error
}

// segment is a PT_LOAD segment: file bytes at vaddr, zero-filled to memsz.
type segment struct {
	vaddr, memsz uint64
	data         []byte
	code         bool // executable: read-only once loaded
}

// symbols are the runtime's addresses the host needs.
type symbols struct {
	run, landing, ctl, ctlSize uint64
	dmaStart, imageEnd, rtData uint64
	coroMain, coroMainEnd      uint64
	bb                         uint64 // nicsim_bb, the basic-block countdown
}

// isTrampoline reports whether a return address lies in the runtime's
// coroutine trampoline, which call chains leave out.
func (img *Image) isTrampoline(pc uint64) bool {
	return pc >= img.addrs.coroMain && pc < img.addrs.coroMainEnd
}

// Hash identifies the image's inputs (the cache key).
func (img *Image) Hash() string { return img.hash }

// Name is the driver's file name.
func (img *Image) Name() string { return img.name }

// Layout is where the image lives once loaded.
func (img *Image) Layout() guest.HostedLayout { return img.lay }

// Kit is the hosted kit of the kernel the image was built for.
func (img *Image) Kit() *guest.HostedKit { return img.kit }

// ELF returns the image file (for tools such as objdump).
func (img *Image) ELF() []byte { return img.elf }

func parseImage(data []byte, name string, kit *guest.HostedKit, lay guest.HostedLayout, hash string) (*Image, error) {
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("hosted: image: %w", err)
	}
	img := &Image{name: name, kit: kit, lay: lay, hash: hash, elf: data}
	for _, p := range f.Progs {
		if p.Type != elf.PT_LOAD || p.Memsz == 0 {
			continue
		}
		b := make([]byte, p.Filesz)
		if _, err := p.ReadAt(b, 0); err != nil {
			return nil, fmt.Errorf("hosted: image segment: %w", err)
		}
		img.segs = append(img.segs, segment{vaddr: p.Vaddr, memsz: p.Memsz, data: b,
			code: p.Flags&elf.PF_X != 0 && p.Flags&elf.PF_W == 0})
	}
	if err := img.findSymbols(f); err != nil {
		return nil, err
	}
	return img, img.checkLayout()
}

func (img *Image) findSymbols(f *elf.File) error {
	syms, err := f.Symbols()
	if err != nil {
		return fmt.Errorf("hosted: image symbols: %w", err)
	}
	want := map[string]*uint64{
		"nicsim_run": &img.addrs.run, "nicsim_crash_landing": &img.addrs.landing,
		"nicsim_ctl": &img.addrs.ctl, "nicsim_dma_start": &img.addrs.dmaStart,
		"nicsim_image_end": &img.addrs.imageEnd, "nicsim_rt_data": &img.addrs.rtData,
		"nicsim_coro_main": &img.addrs.coroMain, "nicsim_bb": &img.addrs.bb,
	}
	for _, s := range syms {
		if p, ok := want[s.Name]; ok && s.Section != elf.SHN_UNDEF {
			*p = s.Value
			delete(want, s.Name)
			switch s.Name {
			case "nicsim_ctl":
				img.addrs.ctlSize = s.Size
			case "nicsim_coro_main":
				img.addrs.coroMainEnd = s.Value + s.Size
			}
		}
	}
	for n := range want {
		return fmt.Errorf("hosted: image has no symbol %s", n)
	}
	return nil
}

func (img *Image) checkLayout() error {
	a, base := img.addrs, img.lay.Virt
	if a.imageEnd <= base || a.imageEnd-base > ramSize/2 {
		return fmt.Errorf("hosted: the driver's image is %.1f MiB; it must fit in %d MiB (half the %d MiB of RAM): a big static array?",
			float64(a.imageEnd-img.lay.Image)/(1<<20), (ramSize/2-(img.lay.Image-base))>>20, ramSize>>20)
	}
	for _, s := range img.segs {
		if s.vaddr < base || s.vaddr+s.memsz > a.imageEnd {
			return fmt.Errorf("hosted: image segment %#x+%#x outside %#x..%#x", s.vaddr, s.memsz, base, a.imageEnd)
		}
	}
	if a.bb < base || a.bb+8 > a.imageEnd || a.bb%8 != 0 {
		return fmt.Errorf("hosted: the runtime's nicsim_bb at %#x is not an aligned word of the image %#x..%#x", a.bb, base, a.imageEnd)
	}
	return nil
}
