package report

import (
	"encoding/json"
	"html/template"

	"github.com/nicsim/nicsim/nic"
)

// ringsJSON is a device state's rings as the page's ring picture reads
// them: compact, so that a page of thousands of rows stays small.
type ringsJSON []ringJSON

type ringJSON struct {
	Name     string   `json:"n"`
	Head     int      `json:"h"`
	Tail     int      `json:"t"`
	HeadName string   `json:"hn"`
	TailName string   `json:"tn"`
	Fields   []string `json:"f"`
	Slots    [][]any  `json:"s"` // index, owner, field values..., flags, note
}

func toRingsJSON(st *nic.State) ringsJSON {
	out := ringsJSON{}
	for _, r := range st.Rings {
		rj := ringJSON{Name: r.Name, Head: r.Head, Tail: r.Tail, HeadName: r.HeadName, TailName: r.TailName, Slots: [][]any{}}
		for i, s := range r.Slots {
			if i == 0 {
				for _, f := range s.Fields {
					rj.Fields = append(rj.Fields, f.Name)
				}
			}
			row := []any{s.Index, s.Owner.String()}
			for _, f := range s.Fields {
				row = append(row, f.Value)
			}
			flags := ""
			for j, f := range s.Flags {
				if j > 0 {
					flags += " "
				}
				flags += f
			}
			rj.Slots = append(rj.Slots, append(row, flags, s.Note))
		}
		out = append(out, rj)
	}
	return out
}

// stateIndex numbers the distinct states of the drawn rows.
type stateIndex struct {
	of   func(*Row) *nic.State
	ids  map[*nic.State]int
	seen map[string]int // by the rings' JSON: states that differ only in registers share
	list []ringsJSON
	last int
}

// id is the number of row r's state, or -1.
func (x *stateIndex) id(r *Row) int {
	if x.of == nil {
		return -1
	}
	if r.Index < 0 {
		return x.last // the verdict row: the state the run ended in
	}
	st := x.of(r)
	if st == nil {
		return -1
	}
	id, ok := x.ids[st]
	if !ok {
		rj := toRingsJSON(st)
		b, _ := json.Marshal(rj)
		if id, ok = x.seen[string(b)]; !ok {
			id = len(x.list)
			x.seen[string(b)] = id
			x.list = append(x.list, rj)
		}
		x.ids[st] = id
	}
	x.last = id
	return id
}

// js is the states as a JSON array for the page's script.
func (x *stateIndex) js() template.JS {
	if x.of == nil {
		return "[]"
	}
	b, err := json.Marshal(x.list)
	if err != nil {
		return "[]"
	}
	return template.JS(b)
}
