package report

import (
	"fmt"
	"strings"
)

// lockPalette is how many lock colours the page has.
const lockPalette = 8

// lockIndex numbers the locks of the drawn rows by first appearance.
type lockIndex struct {
	id      map[uint64]string // key -> "L3", the highlight class
	palette map[uint64]string // key -> "p3", the colour class
	views   []lockView
}

func lockIDs(rows []Row) lockIndex {
	x := lockIndex{id: map[uint64]string{}, palette: map[uint64]string{}}
	add := func(key uint64, name string) {
		if _, ok := x.id[key]; ok {
			return
		}
		n := len(x.views)
		v := lockView{ID: fmt.Sprintf("L%d", n), Palette: fmt.Sprintf("p%d", n%lockPalette), Name: name}
		x.id[key], x.palette[key] = v.ID, v.Palette
		x.views = append(x.views, v)
	}
	for i := range rows {
		r := &rows[i]
		for _, h := range r.Locks {
			add(h.Key, h.Lock)
		}
		if k, ok := lockOf(r); ok {
			add(k, lockName(r))
		}
	}
	return x
}

// lockOf is the key of the lock a lock event names.
func lockOf(r *Row) (uint64, bool) {
	switch r.Kind {
	case "acquire", "release", "spin":
		return r.Key, true
	}
	return 0, false
}

func lockName(r *Row) string {
	name, _, _ := strings.Cut(r.Args(), " held by ")
	return name
}
