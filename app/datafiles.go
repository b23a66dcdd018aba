package app

import (
	"context"
	"sort"

	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/reference"
)

// BureauFile is a data file the bureau added (who, when, its sha256).
type BureauFile = models.BureauFile

// dataFileStore is what the bureau's data pages read and write; Put
// writes its audit line in the same transaction.
type dataFileStore interface {
	Campaigns(ctx context.Context) ([]Campaign, error)
	QuestionnaireFiles(ctx context.Context) ([]models.QuestionnaireFile, error)
	ReferenceFiles(ctx context.Context) ([]models.ReferenceFile, error)
	PutReferenceFile(ctx context.Context, f models.ReferenceFile, replace bool) error
}

// DataFiles is what the bureau manages as data rather than code: the
// questionnaire editions (added on the command line) and the published
// reference figures the annual report quotes (added on the command line or
// on the 参考数据 page).
type DataFiles struct {
	store dataFileStore
	defs  *questionnaires.Registry
	city  *city.Config
	ref   *reference.Registry // live: a file added here is quoted at once
}

// Edition is a questionnaire edition as the bureau's page lists it.
type Edition struct {
	ID, Title string
	Questions int
	// Added is the stored file, nil for the built-in edition.
	Added *BureauFile
	// Years are the campaigns that use it.
	Years []int
}

// Editions lists every edition, with where it came from and which
// campaigns use it.
func (d *DataFiles) Editions(ctx context.Context) ([]Edition, error) {
	files, err := d.store.QuestionnaireFiles(ctx)
	if err != nil {
		return nil, err
	}
	added := map[string]*BureauFile{}
	for i := range files {
		added[files[i].ID] = &files[i].BureauFile
	}
	camps, err := d.store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	years := map[string][]int{}
	for _, c := range camps {
		years[c.QuestionnaireID] = append(years[c.QuestionnaireID], c.Year)
	}
	var out []Edition
	for _, id := range d.defs.IDs() {
		def, _ := d.defs.Get(id)
		sort.Ints(years[id])
		out = append(out, Edition{ID: id, Title: def.Title, Questions: len(def.Questions()), Added: added[id], Years: years[id]})
	}
	return out, nil
}

// ReferenceYear is one year's published figures as the page lists them.
type ReferenceYear struct {
	*reference.Set
	// Added is the stored file, nil for the built-in one.
	Added *BureauFile
}

// Reference is the registry of published figures reports quote now.
func (d *DataFiles) Reference() *reference.Registry { return d.ref }

// ReferenceYears lists the city's published figures by year, newest first.
func (d *DataFiles) ReferenceYears(ctx context.Context) ([]ReferenceYear, error) {
	files, err := d.store.ReferenceFiles(ctx)
	if err != nil {
		return nil, err
	}
	added := map[int]*BureauFile{}
	for i := range files {
		added[files[i].Year] = &files[i].BureauFile
	}
	var out []ReferenceYear
	for _, s := range d.Reference().Sets() {
		if s.City == d.city.Code {
			out = append(out, ReferenceYear{Set: s, Added: added[s.Year]})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year > out[j].Year })
	return out, nil
}

// AddReference checks a year's file of published figures and stores it
// with its audit line; a year already stored is replaced only when replace
// is set. The next annual report of that year quotes it.
func (d *DataFiles) AddReference(ctx context.Context, actor string, file []byte, replace bool) (*reference.Set, error) {
	set, err := reference.Parse(file)
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "文件未通过检查：%v", err)
	}
	if set.City != d.city.Code {
		return nil, apperr.New(apperr.Invalid, "文件是行政区划代码 %s 的参考数据，本平台是%s（%s）", set.City, d.city.Name, d.city.Code)
	}
	if err := set.CheckCompare(d.defs.HasIndicator); err != nil {
		return nil, apperr.New(apperr.Invalid, "文件未通过检查：%v", err)
	}
	f := models.ReferenceFile{Year: set.Year, BureauFile: models.NewBureauFile(file, actor)}
	if err := d.store.PutReferenceFile(ctx, f, replace); err != nil {
		return nil, err
	}
	d.ref.Adopt(d.ref.With(set))
	return set, nil
}
