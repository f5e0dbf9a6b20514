package pc

import "github.com/nicsim/nicsim/stack"

// send passes the peer's frames to the guest: at once, or in lockstep one at
// a time when the guest is idle.
func (s *session) send(outs []stack.Out) {
	if !s.cfg.Lockstep {
		s.Inject(outs)
		return
	}
	s.held = append(s.held, outs...)
	s.release()
}

// onIdle notes that the guest halts waiting, having handed sent frames to
// its driver.
func (s *session) onIdle(sent int) {
	s.idle, s.idleSent = true, sent
	s.release()
}

// release is lockstep's step. Once the guest is idle and every frame it sent
// has reached the host (so the peer answered them all), the next held frame
// is injected; with none held, nothing will come, so the guest is asked at
// once to send again. The guest's virtual time stands still while it is idle,
// so neither depends on host timing: the run is the same every time.
func (s *session) release() {
	if !s.cfg.Lockstep || !s.idle || len(s.Frames) < s.idleSent {
		return
	}
	if len(s.held) > 0 {
		out := s.held[0]
		s.held = s.held[1:]
		s.idle = false
		s.Inject([]stack.Out{out})
		return
	}
	if s.ProbeAt.IsZero() {
		s.probe()
	}
}

// flush injects every held frame: the lockstep fallback when the guest never
// says idle with all its frames on the wire.
func (s *session) flush() {
	held := s.held
	s.held = nil
	s.Inject(held)
}
