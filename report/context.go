package report

import (
	_ "embed"

	"gopkg.in/yaml.v3"
)

//go:embed context.yaml
var contextSource []byte

// contextFile is context.yaml: city code → year → lines.
type contextFile map[string]map[int][]string

var published = mustContext()

func mustContext() contextFile {
	var c contextFile
	if err := yaml.Unmarshal(contextSource, &c); err != nil {
		panic("report: context.yaml: " + err.Error()) // embedded; a test loads it
	}
	return c
}

// contextLines are the published figures quoted beside the campaign's year.
func contextLines(d *Data) []string {
	return published[d.City.Code][d.Campaign.Year]
}
