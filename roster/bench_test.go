package roster

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/survey"
	"healthcheck/testutil/testdb"
)

// benchFirms is a province-sized roster.
const benchFirms = 50000

// benchCSV is a roster of n firms as a UTF-8 CSV with BOM and contacts.
func benchCSV(n int, revenueBump int) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff统一社会信用代码,企业名称,所属区县,行业代码,营业收入(万元),从业人员,联系人,联系电话,电子邮箱\r\n")
	ds := city.Default().Districts
	for i := 1; i <= n; i++ {
		d := ds[i%len(ds)]
		fmt.Fprintf(&b, "%s,%s第%d制造有限公司,%s,C%d,%d.%02d,%d,联系人%d,0573-8%07d,firm%d@example.com\r\n",
			code(d.Code, i), d.Name, i, d.Name, 13+i%31, 10000+i*7+revenueBump, i%100, 20+i%900, i, i, i)
	}
	return b.Bytes()
}

// benchEnv is a fresh database with an empty 2021 campaign.
func benchEnv(b *testing.B) (*Importer, *models.Campaign, *models.Store) {
	b.Helper()
	ctx := context.Background()
	store, err := models.Open(ctx, testdb.DSN(b, "bench.db"), models.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { store.Close() })
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		b.Fatal(err)
	}
	c := &models.Campaign{Year: 2021, Title: "2021", QuestionnaireID: defs.Latest().ID, OpensAt: time.Now(),
		ClosesAt: time.Now().Add(time.Hour), MinRevenueWan: 1000000}
	if err := store.CreateCampaign(ctx, c); err != nil {
		b.Fatal(err)
	}
	return &Importer{Store: store, Survey: survey.New(store, defs), City: city.Default()}, c, store
}

// BenchmarkRosterImport measures importing 50,000 firms end to end (read and
// check the CSV, compare with the roster, write in one transaction with the
// history) against a bare batched INSERT of the same rows on the same
// database/sql pool (same pragmas, one transaction, 500-row statements).
// The target is under 5 s for the import.
func BenchmarkRosterImport(b *testing.B) {
	data := benchCSV(benchFirms, 0)
	changed := benchCSV(benchFirms, 3) // every revenue differs
	b.Run("read_and_check", func(b *testing.B) {
		r := rules()
		for b.Loop() {
			res, err := Read(data, r)
			if err != nil || len(res.Rows) != benchFirms {
				b.Fatalf("%v %d", err, len(res.Rows))
			}
		}
	})
	b.Run("import_new", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			im, c, _ := benchEnv(b)
			b.StartTimer()
			importOnce(b, im, c, data, benchFirms, 0)
		}
	})
	b.Run("reimport_all_changed", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			im, c, _ := benchEnv(b)
			importOnce(b, im, c, data, benchFirms, 0)
			b.StartTimer()
			importOnce(b, im, c, changed, 0, benchFirms)
		}
	})
	b.Run("bare_insert", func(b *testing.B) {
		res, err := Read(data, rules())
		if err != nil {
			b.Fatal(err)
		}
		rows := res.Inputs()
		for b.Loop() {
			b.StopTimer()
			_, c, store := benchEnv(b)
			b.StartTimer()
			if err := bareInsert(store, c.ID, rows); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func importOnce(b *testing.B, im *Importer, c *models.Campaign, data []byte, added, changed int) {
	b.Helper()
	_, diff, err := im.Import(context.Background(), Request{Campaign: c, Data: data, Actor: "bench", Source: "bench.csv"})
	if err != nil || diff.Added != added || diff.Changed != changed {
		b.Fatalf("import: %v %+v", err, diff)
	}
}

// bareInsert is the floor: the same rows written with plain multi-row
// INSERTs in one transaction, no checks, no comparison, ids given.
func bareInsert(store *models.Store, campaignID int64, rows []models.RosterInput) error {
	db, err := store.SQL()
	if err != nil {
		return err
	}
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // after Commit it does nothing
	now := time.Now().UTC()
	const batch = 500
	for start := 0; start < len(rows); start += batch {
		chunk := rows[start:min(start+batch, len(rows))]
		var ents, entries []string
		var ea, ra []any
		for i, r := range chunk {
			id := start + i + 1
			ents = append(ents, "(?,?,?,?,?,?,?,?,?,?)")
			ea = append(ea, id, r.CreditCode, r.Name, r.District, r.Industry, r.ContactName, r.ContactPhone, r.ContactEmail, now, now)
			entries = append(entries, "(?,?,?,?,?,?,?,?)")
			ra = append(ra, campaignID, id, r.Name, r.District, r.Industry, int64(r.RevenueWan), r.Employees, r.Band)
		}
		if _, err := tx.Exec(`INSERT INTO enterprises (id, credit_code, name, district, industry, contact_name,
			contact_phone, contact_email, created_at, updated_at) VALUES `+strings.Join(ents, ","), ea...); err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO roster_entries (campaign_id, enterprise_id, name, district, industry,
			revenue_wan, employees, band) VALUES `+strings.Join(entries, ","), ra...); err != nil {
			return err
		}
	}
	return tx.Commit()
}
