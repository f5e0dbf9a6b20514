package stack

import "testing"

// The gateway's reply to GatewayRequest is a gateway reply, the request
// is not; a short frame equals itself padded with zeros, not with junk.
func TestGuestFrames(t *testing.T) {
	req := GatewayRequest()
	reply := AppendARP(nil, GuestMAC, GatewayMAC, ARPAnswer(ARPWhoHas(GuestMAC, GuestIP, GatewayIP), GatewayMAC))
	if IsGatewayReply(req) || !IsGatewayReply(reply) {
		t.Errorf("IsGatewayReply(request) = %v, IsGatewayReply(reply) = %v, want false, true", IsGatewayReply(req), IsGatewayReply(reply))
	}
	short := []byte{1, 2, 3}
	padded := append(append([]byte(nil), short...), make([]byte, MinFrameLen-len(short))...)
	junk := append([]byte(nil), padded...)
	junk[MinFrameLen-1] = 5
	for _, c := range []struct {
		sent, got []byte
		want      bool
	}{{short, short, true}, {short, padded, true}, {short, junk, false}, {padded, short, false}, {junk, padded, false}} {
		if got := SamePadded(c.sent, c.got); got != c.want {
			t.Errorf("SamePadded(%d bytes, %d bytes) = %v, want %v", len(c.sent), len(c.got), got, c.want)
		}
	}
}
