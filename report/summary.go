package report

import (
	"encoding/json"
	"fmt"
	"io"
)

// writeSummary writes the city's figures exactly as GET /api/v1/stats gives
// them to the bureau for the campaign without filters: the same analysis
// shaping (Stats.JSON) with the same names, indented for people.
func writeSummary(w io.Writer, d *Data) error {
	b, err := json.MarshalIndent(d.Annual.Stats.JSON(d.Names), "", "  ")
	if err != nil {
		return fmt.Errorf("report: summary: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
