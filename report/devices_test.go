package report_test

import _ "github.com/nicsim/nicsim/nic/all" // the device models the traces name
