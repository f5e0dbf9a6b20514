// Package tidy holds the repository's guards as tests (tailscale's
// tstest/deptest, TigerBeetle's tidy): which packages may import which, and
// which packages must not name a particular device or kernel outside their
// registration. It has no code of its own.
package tidy
