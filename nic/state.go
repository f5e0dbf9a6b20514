package nic

// State describes a device at one step for people: the registers by their
// datasheet names, the descriptor rings (82540EM) or block lists (82557 CBL
// and RFA) slot by slot with their owner and fields, and the state of each
// unit (the 82557's CU and RU). Reports, the HTML timeline and the debugger
// draw it without knowing the device: each model fills it from its own
// registers and from the memory it reads by DMA.
type State struct {
	Device    string     // the model's name ("e1000")
	Registers []RegValue // every named register, in the model's order
	Rings     []RingView // rings or lists the device walks
	Units     []Unit     // engines with a state of their own (CU, RU)
	_         struct{}
}

// RegValue is one register's value.
type RegValue struct {
	Name  string // datasheet name ("TDT", "SCB.STATACK")
	Value uint32
	Width int // bytes: 1, 2 or 4
}

// RingView is a descriptor ring or a block list as the device sees it.
type RingView struct {
	Name string // "TX", "RX", "CBL", "RFA"
	Base uint64 // DMA address of the first slot (or of the list's head)
	// Head and Tail are ring indices (-1 for a list); HeadName and TailName
	// are their registers ("TDH", "TDT").
	Head, Tail         int
	HeadName, TailName string
	Slots              []Slot
}

// Owner says who may write a slot now.
type Owner uint8

// Owners of a slot.
const (
	OwnerDriver Owner = iota // software may write it
	OwnerDevice              // handed to the device and not given back yet
)

func (o Owner) String() string {
	if o == OwnerDevice {
		return "device"
	}
	return "driver"
}

// Slot is one descriptor or block.
type Slot struct {
	Index  int
	Addr   uint64 // DMA address of the slot
	Owner  Owner
	Fields []Field  // in the order the datasheet lays them out
	Flags  []string // status and command bits that are set ("DD", "EOP", "EL", "S")
	Link   uint64   // the next block's address, for lists
	Note   string   // anything else worth saying ("next to fetch")
	_      struct{}
}

// Field is one field of a descriptor or block.
type Field struct {
	Name  string // datasheet name ("addr", "length", "status")
	Off   int    // byte offset within the slot
	Width int    // bytes
	Value uint64
}

// Unit is one engine's state ("CU": "suspended").
type Unit struct {
	Name, State string
}
