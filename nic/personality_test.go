package nic

import "testing"

func TestParsePersonality(t *testing.T) {
	for _, p := range Personalities {
		got, err := ParsePersonality(p.String())
		if err != nil || got != p {
			t.Errorf("ParsePersonality(%q) = %v, %v", p.String(), got, err)
		}
	}
	if _, err := ParsePersonality("silicon"); err == nil {
		t.Error("ParsePersonality accepted an unknown name")
	}
}
