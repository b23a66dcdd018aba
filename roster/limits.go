package roster

import (
	"fmt"
	"strings"
)

// Limits bound what reading one file may cost, so that a file made to be
// large (a zip bomb, a million bad rows) is refused early with a message
// instead of filling the server's memory or disk.
type Limits struct {
	// MaxUnzipped bounds the sum of an .xlsx's parts once uncompressed.
	MaxUnzipped int64
	// MaxRows bounds the data rows (accepted or refused) read from a file.
	MaxRows int
}

// UploadLimits are the bureau's upload page's: a province's roster fits
// well within them (50,000 firms are some 20 MB of sheet XML).
var UploadLimits = Limits{MaxUnzipped: 256 << 20, MaxRows: 100_000}

// CLILimits are the command line's, run by an operator on their own machine:
// a national roster fits.
var CLILimits = Limits{MaxUnzipped: 1 << 30, MaxRows: 1_000_000}

// orDefault is l, or the upload limits when l is unset: the safe side.
func (l Limits) orDefault() Limits {
	if l.MaxUnzipped <= 0 || l.MaxRows <= 0 {
		return UploadLimits
	}
	return l
}

// MiB writes a byte count for people: "256 MB", "1 GB", "1.5 GB".
func MiB(n int64) string {
	if n >= 1<<30 {
		return strings.TrimSuffix(fmt.Sprintf("%.1f", float64(n)/(1<<30)), ".0") + " GB"
	}
	return fmt.Sprintf("%d MB", n>>20)
}
