package harness

import "slices"

// EntryNames are the driver's entry points the user named (--attach, --tx,
// --rx), by role, as a kernel's glue and its real guest take them.
func (c *Config) EntryNames() map[string]string {
	return map[string]string{"attach": c.Attach, "tx": c.TX, "rx": c.RX}
}

// DriverIncludes are the include directories a user's driver builds with
// in simulation, for its real guest to find the same headers: -I, the
// folders of its files, and the folders above them when the kernel's kit
// puts them on the path (JOS: <inc/error.h> from the lab above kern/).
// Bundled drivers have none.
func DriverIncludes(c *Config) []string {
	rc, err := c.Resolve()
	if err != nil || rc.Driver.Bundled() {
		return nil
	}
	dirs := append(slices.Clone(c.Includes), driverDirs(c)...)
	if rc.Kernel.Hosted != nil && rc.Kernel.Hosted.IncludeParent {
		dirs = append(dirs, parentDirs(driverDirs(c))...)
	}
	return dirs
}
