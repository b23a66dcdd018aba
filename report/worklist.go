package report

import (
	"bytes"
	"cmp"
	"fmt"
	"math"
	"slices"

	"healthcheck/analysis"
)

// workList holds the 低投入企业 sheet's rows, taken from the statistics pass
// as it reads each firm, so the sheet needs no second read of the campaign
// (at 500,000 firms that pass re-read and sorted 236,000 flagged firms). It
// is compact because it lives through the rest of the book: the credit
// codes and names sit back to back in one byte slice, the few distinct
// districts, industries, bands, levels and dimensions are numbered once, and
// the entries hold no pointer, so the collector never scans them.
type workList struct {
	text    []byte   // each entry's credit code then its name
	words   []string // the distinct short strings, numbered by index
	numbers map[string]uint16
	entries []listEntry
}

// listEntry is one flagged firm: analysis.FlaggedFirm and the investment
// figure the sheet shows, without pointers.
type listEntry struct {
	at, code, name          uint32    // text[at:at+code] is the credit code, the name follows
	words                   [5]uint16 // indexes in workList.words, by wDistrict…wWeakest
	hasIndicator, hasInvest bool
	revenue, total, weakest fixed
	indicator, invest       fixed
}

// The short strings of a listEntry, by their place in listEntry.words.
const (
	wDistrict = iota
	wIndustry
	wBand
	wLevel
	wWeakest
)

// maxWords bounds the distinct short strings a uint16 numbers.
const maxWords = math.MaxUint16 + 1

func newWorkList() *workList { return &workList{numbers: map[string]uint16{}} }

// add takes one firm of the statistics pass if the low-investment flag is
// among its stored result's flags, as the sheet always chose them. invest
// is the numerator of the flag's investment intensity (nil if none).
func (l *workList) add(ff analysis.FlaggedFirm, invest *fixed) error {
	if uint64(len(l.text))+uint64(len(ff.CreditCode))+uint64(len(ff.Name)) > math.MaxUint32 {
		return fmt.Errorf("report: the low-investment work list's text is over %d bytes", uint32(math.MaxUint32))
	}
	e := listEntry{at: uint32(len(l.text)), code: uint32(len(ff.CreditCode)), name: uint32(len(ff.Name)),
		revenue: ff.RevenueWan, total: ff.Total, weakest: ff.WeakestPercent}
	l.text = append(append(l.text, ff.CreditCode...), ff.Name...)
	for i, s := range [...]string{wDistrict: ff.District, wIndustry: ff.Industry, wBand: ff.Band, wLevel: ff.Level, wWeakest: ff.Weakest} {
		n, err := l.number(s)
		if err != nil {
			return err
		}
		e.words[i] = n
	}
	if ff.Indicator != nil {
		e.indicator, e.hasIndicator = *ff.Indicator, true
	}
	if invest != nil {
		e.invest, e.hasInvest = *invest, true
	}
	l.entries = append(l.entries, e)
	return nil
}

// number is s's index in words, adding it the first time.
func (l *workList) number(s string) (uint16, error) {
	if n, ok := l.numbers[s]; ok {
		return n, nil
	}
	if len(l.words) == maxWords {
		return 0, fmt.Errorf("report: more than %d distinct districts, industries, bands, levels and dimensions", maxWords)
	}
	n := uint16(len(l.words))
	l.words = append(l.words, s)
	l.numbers[s] = n
	return n, nil
}

func (l *workList) code(e *listEntry) []byte        { return l.text[e.at : e.at+e.code] }
func (l *workList) name(e *listEntry) []byte        { return l.text[e.at+e.code : e.at+e.code+e.name] }
func (l *workList) word(e *listEntry, i int) string { return l.words[e.words[i]] }

// sort orders the list as a work list: district, industry, then credit
// code (byte order, as the database's ORDER BY read it before).
func (l *workList) sort() {
	slices.SortFunc(l.entries, func(a, b listEntry) int {
		return cmp.Or(cmp.Compare(l.word(&a, wDistrict), l.word(&b, wDistrict)),
			cmp.Compare(l.word(&a, wIndustry), l.word(&b, wIndustry)),
			bytes.Compare(l.code(&a), l.code(&b)))
	})
}

// each passes every entry, in the list's order, as the FlaggedFirm it was
// taken from, with its investment figure.
func (l *workList) each(fn func(analysis.FlaggedFirm, *fixed) error) error {
	for i := range l.entries {
		e := &l.entries[i]
		ff := analysis.FlaggedFirm{CreditCode: string(l.code(e)), Name: string(l.name(e)),
			District: l.word(e, wDistrict), Industry: l.word(e, wIndustry), Band: l.word(e, wBand),
			RevenueWan: e.revenue, Total: e.total, Level: l.word(e, wLevel), Weakest: l.word(e, wWeakest),
			WeakestPercent: e.weakest}
		if e.hasIndicator {
			ff.Indicator = &e.indicator
		}
		var invest *fixed
		if e.hasInvest {
			invest = &e.invest
		}
		if err := fn(ff, invest); err != nil {
			return err
		}
	}
	return nil
}
