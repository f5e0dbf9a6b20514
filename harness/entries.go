package harness

// EntryNames are the driver's entry points the user named (--attach, --tx,
// --rx), by role, as a kernel's glue and its real guest take them.
func (c *Config) EntryNames() map[string]string {
	return map[string]string{"attach": c.Attach, "tx": c.TX, "rx": c.RX}
}
