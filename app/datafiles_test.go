package app

import (
	"testing"

	"healthcheck/apperr"
)

// TestReferenceAddedWithItsAuditLine: a year's published figures are
// stored with their audit line and quoted by the next report job at once;
// when the line cannot be written nothing is stored and reports go on
// quoting what they did.
func TestReferenceAddedWithItsAuditLine(t *testing.T) {
	f := newFixture(t)
	file := []byte("city: \"" + f.app.City.Code + "\"\nyear: 2021\nfigures:\n  - {name: 企业上云累计, value: \"40000\", unit: 家, source: 市经信局}\n")
	if _, err := f.app.DataFiles.AddReference(f.ctx, "user:bureau", file, false); err != nil {
		t.Fatal(err)
	}
	if lines := f.auditLines("reference_added"); len(lines) != 1 || lines[0].Target != "2021" {
		t.Fatalf("audit: %+v", lines)
	}
	if s := f.app.DataFiles.Reference().For(f.app.City.Code, 2021); s == nil || s.Figures[0].Value != "40000" {
		t.Fatalf("the report jobs' figures for 2021: %+v", s)
	}
	years, err := f.app.DataFiles.ReferenceYears(f.ctx)
	must(t, err)
	if len(years) == 0 || years[0].Year != 2021 || years[0].Added == nil {
		t.Fatalf("years: %+v", years)
	}

	f.breakAudit()
	next := []byte("city: \"" + f.app.City.Code + "\"\nyear: 2022\nfigures:\n  - {name: 企业上云累计, value: \"45000\", unit: 家, source: 市经信局}\n")
	if _, err := f.app.DataFiles.AddReference(f.ctx, "user:bureau", next, false); err == nil {
		t.Fatal("2022 was added without its audit line")
	}
	if f.app.DataFiles.Reference().For(f.app.City.Code, 2022) != nil {
		t.Error("reports quote 2022's figures though they were not stored")
	}
	other := []byte("city: \"330100\"\nyear: 2023\nfigures:\n  - {name: 企业上云累计, value: \"1\", source: x}\n")
	if _, err := f.app.DataFiles.AddReference(f.ctx, "user:bureau", other, false); !apperr.Is(err, apperr.Invalid) {
		t.Errorf("another city's figures: %v", err)
	}
}
