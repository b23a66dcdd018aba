// Package report writes the annual report 《嘉兴市制造业数字化转型发展报告》 of a
// campaign: report.html (one self-contained file with its charts, opening
// offline and printing on A4), report.xlsx (the data book), summary.json (the
// city's figures as GET /api/v1/stats gives them to the bureau) and
// answers.csv (every answer of every firm) and its twin answers.xlsx.
//
// One source of numbers: every figure comes from analysis (an
// analysis.Annual built by streaming the campaign's firms through stats.Stream,
// as the dashboards' snapshots are); this package only lays them out. The
// per-firm sheets and the answers stream from the database row by row, so
// memory stays flat as firms grow.
package report

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"time"

	"healthcheck/analysis"
	"healthcheck/city"
	"healthcheck/findings"
	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
	"healthcheck/reference"
	"healthcheck/stats"
)

// The files of a report, as written into its directory.
const (
	HTMLFile    = "report.html"
	BookFile    = "report.xlsx"
	SummaryFile = "summary.json"
	AnswersFile = "answers.csv"
	// AnswersBookFile is answers.csv's twin for people.
	AnswersBookFile = "answers.xlsx"
)

// Files lists the report's files in the order they are written.
var Files = []string{HTMLFile, BookFile, SummaryFile, AnswersFile, AnswersBookFile}

// DefaultListLimit is the most low-investment firms the statistics keep one
// by one in memory (analysis.NewAnnual's cap). The printed report names none
// (it counts them by district and industry); the book streams them all.
const DefaultListLimit = 1000

// Source is where a report reads from.
type Source struct {
	Store *models.Store
	Defs  *questionnaires.Registry
	City  *city.Config
	// Reference are the published figures quoted in the 参考 box; nil quotes
	// none.
	Reference *reference.Registry
	// Policies are the support policies the 政策测算 chapter estimates; nil
	// or a year without a file: the chapter says the year's are not in.
	Policies *policies.Registry
}

// Options shape one report.
type Options struct {
	Year int // the campaign
	// ListLimit overrides DefaultListLimit (tests use small ones).
	ListLimit int
	// Progress, if set, is told how far the report is (from one goroutine).
	Progress func(Progress)
	// Now is the generation time printed on the title page (default time.Now).
	Now func() time.Time
}

// Progress is how far a report is: Done of Total rows read, in Stage.
type Progress struct {
	Stage       string `json:"stage"`
	Done, Total int64
}

// Data is everything the report shows, gathered in one pass per campaign.
type Data struct {
	Campaign *models.Campaign
	Before   *models.Campaign // the earlier campaign compared with, or nil
	Def      *questionnaires.Definition
	Annual   analysis.Annual
	Names    analysis.Names
	City     *city.Config
	// Reference is the campaign year's published figures, or nil.
	Reference *reference.Set
	// At is when the report was generated; DataAt when its figures stand:
	// the campaign's last save, submission or return (dataAt).
	At, DataAt time.Time
	// Budget is the policy estimate (政策测算), nil without the year's policies.
	Budget *policies.Budget
	// Supply sets the firms' needs against the service-provider register.
	Supply *analysis.Supply
	// Findings are the 主要发现, computed once the figures above are.
	Findings []findings.Finding
	// figures are the numbered figures, drawn once (by whichever of the
	// HTML and the book's figure sheets asks first) and shared by both.
	figures func() (*reportFigures, error)
	// builder streams the full work list for the book.
	builder *analysis.AnnualBuilder
	// intensity is the key of the indicator the low-investment flag tests.
	intensity string
}

// Generate writes the report's four files into dir (created if needed).
//
// The campaign's firms are read and decoded once: that pass feeds the
// statistics and writes the book's 企业明细 sheet as it goes. answers.csv
// reads its own rows meanwhile, on another goroutine, and the same rows give
// the 政策测算's estimates (policyPass); once the statistics
// are done, the HTML and the JSON are written beside the rest of the book
// (the work list, which streams the flagged firms in its own order, and the
// summary sheets).
func Generate(ctx context.Context, src Source, o Options, dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	g, err := newGen(ctx, src, o)
	if err != nil {
		return err
	}
	caller := ctx
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make([]error, 3) // the book, the texts, the answers
	run := func(i int, fn func() error) {
		wg.Go(func() {
			if errs[i] = fn(); errs[i] != nil {
				cancel() // the other parts stop too
			}
		})
	}
	pp := g.newPolicyPass() // the answers' pass estimates; the book lists them
	run(2, func() error {
		return writeFile(ctx, filepath.Join(dir, AnswersFile), func(ctx context.Context, csvW io.Writer) error {
			return writeFile(ctx, filepath.Join(dir, AnswersBookFile), func(ctx context.Context, bookW io.Writer) error {
				return g.writeAnswers(ctx, csvW, bookW, pp)
			})
		})
	})
	run(0, func() error {
		return writeFile(ctx, filepath.Join(dir, BookFile), func(ctx context.Context, w io.Writer) error {
			return g.writeBook(ctx, w, pp, func(d *Data) { run(1, func() error { return writeTexts(ctx, dir, d) }) })
		})
	})
	wg.Wait()
	if err := firstError(errs); err != nil {
		if stopped := caller.Err(); stopped != nil {
			// Stopped by the caller: each part saw it its own way (one
			// as the other's end), and the stop is the reason.
			return fmt.Errorf("report: stopped: %w", stopped)
		}
		return err
	}
	g.report("完成")
	return nil
}

// firstError is the error that stopped the report: the first that is not
// the cancellation it caused in the other parts.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return errors.Join(errs...)
}

// writeTexts writes the HTML report and summary.json from the statistics.
func writeTexts(ctx context.Context, dir string, d *Data) error {
	err := writeFile(ctx, filepath.Join(dir, HTMLFile), func(_ context.Context, w io.Writer) error { return writeHTML(w, d) })
	if err != nil {
		return err
	}
	return writeFile(ctx, filepath.Join(dir, SummaryFile), func(_ context.Context, w io.Writer) error { return writeSummary(w, d) })
}

// writeFile writes one file through a temporary name, so a failed report
// never leaves a half-written file under the final name.
func writeFile(ctx context.Context, path string, write func(context.Context, io.Writer) error) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(ctx, bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("report: write %s: %w", filepath.Base(path), err)
	}
	return os.Rename(tmp, path)
}

// gen carries one report's generation: its source, options and progress.
type gen struct {
	src      Source
	o        Options
	campaign *models.Campaign
	before   *models.Campaign
	def      *questionnaires.Definition
	dataAt   time.Time

	mu    sync.Mutex // progress, counted from two goroutines
	firms int64      // of the campaign
	total int64      // rows the whole report reads
	done  int64
	stage string
}

func newGen(ctx context.Context, src Source, o Options) (*gen, error) {
	if o.ListLimit <= 0 {
		o.ListLimit = DefaultListLimit
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	g := &gen{src: src, o: o}
	var err error
	if g.campaign, err = src.Store.CampaignByYear(ctx, o.Year); err != nil {
		return nil, err
	}
	def, ok := src.Defs.Get(g.campaign.QuestionnaireID)
	if !ok {
		return nil, fmt.Errorf("report: unknown questionnaire %q", g.campaign.QuestionnaireID)
	}
	g.def = def
	if g.dataAt, err = dataAt(ctx, src.Store, g.campaign, o.Now()); err != nil {
		return nil, err
	}
	if g.before, err = earlierCampaign(ctx, src.Store, g.campaign); err != nil {
		return nil, err
	}
	firms, err := src.Store.CountFirms(ctx, models.CityScope(), g.campaign.ID, models.FirmFilter{})
	if err != nil {
		return nil, err
	}
	g.firms = firms
	// the statistics pass and the answers (and the earlier campaign), and
	// the work list, at most every firm: its length, known after the
	// statistics, then replaces this bound, so the bar only jumps forward.
	g.total = 3 * firms
	if g.before != nil {
		n, err := src.Store.CountFirms(ctx, models.CityScope(), g.before.ID, models.FirmFilter{})
		if err != nil {
			return nil, err
		}
		g.total += n
	}
	return g, nil
}

// dataAt is when a campaign's figures stand: its latest save, submission or
// return, so a report made later of the same data reads the same date.
// Without any, the campaign's close, or now if that is still to come.
func dataAt(ctx context.Context, store *models.Store, c *models.Campaign, now time.Time) (time.Time, error) {
	last, ok, err := store.LastActivity(ctx, models.CityScope(), c.ID)
	switch {
	case err != nil:
		return time.Time{}, err
	case ok:
		return last, nil
	case c.ClosesAt.Before(now):
		return c.ClosesAt.Add(-time.Second), nil
	}
	return now, nil
}

// earlierCampaign is the latest campaign before c, or nil.
func earlierCampaign(ctx context.Context, store *models.Store, c *models.Campaign) (*models.Campaign, error) {
	all, err := store.Campaigns(ctx)
	if err != nil {
		return nil, err
	}
	var best *models.Campaign
	for i := range all {
		if all[i].Year < c.Year && (best == nil || all[i].Year > best.Year) {
			best = &all[i]
		}
	}
	return best, nil
}

// step counts one row read in a stage and tells the listener now and then.
// Stages of the main pass name the progress; the answers only count.
func (g *gen) step(stage string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.done++
	if stage != "" && stage != g.stage || g.done%2000 == 0 {
		if stage != "" {
			g.stage = stage
		}
		g.tell()
	}
}

func (g *gen) grow(n int64) {
	g.mu.Lock()
	g.total += n
	g.mu.Unlock()
}

// enter names the next stage without reading rows (packing the book).
func (g *gen) enter(stage string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stage = stage
	g.tell()
}

func (g *gen) report(stage string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stage, g.done = stage, g.total
	g.tell()
}

func (g *gen) tell() {
	if g.o.Progress != nil {
		g.o.Progress(Progress{Stage: g.stage, Done: g.done, Total: g.total})
	}
}

// gather streams the earlier campaign (if any), then the campaign, through
// analysis; each of the campaign's firms also goes to also (the book's firm
// sheet), in the order read.
func (g *gen) gather(ctx context.Context, d *Data, also func(*analysis.Firm) error) error {
	store, scope := g.src.Store, models.CityScope()
	a := d.builder
	if g.before != nil {
		bdef, ok := g.src.Defs.Get(g.before.QuestionnaireID)
		if !ok {
			return fmt.Errorf("report: unknown questionnaire %q", g.before.QuestionnaireID)
		}
		e := analysis.NewEarlier(bdef)
		stage := fmt.Sprintf("读取%d年度数据", g.before.Year)
		err := stats.Stream(ctx, store, scope, g.before.ID, models.FirmFilter{}, func(f *analysis.Firm) error {
			e.Add(f)
			g.step(stage)
			return nil
		})
		if err != nil {
			return err
		}
		a.Compare(e)
	}
	err := stats.Stream(ctx, store, scope, g.campaign.ID, models.FirmFilter{}, func(f *analysis.Firm) error {
		a.Add(f)
		g.step("统计分析并写入企业明细")
		return also(f)
	})
	if err != nil {
		return err
	}
	d.Annual = a.Annual()
	g.grow(int64(d.Annual.Stats.LowInvestmentUnder1B) - g.firms)
	return nil
}

// newData starts the report's data: everything but the statistics.
func (g *gen) newData() *Data {
	a := analysis.NewAnnual(g.def, g.o.ListLimit)
	d := &Data{Campaign: g.campaign, Before: g.before, Def: g.def, City: g.src.City, At: g.o.Now(), DataAt: g.dataAt,
		Reference: g.src.Reference.For(g.src.City.Code, g.campaign.Year),
		Names:     Names(g.src.City), builder: a, intensity: a.Intensity()}
	d.figures = sync.OnceValues(func() (*reportFigures, error) { return buildFigures(d) })
	return d
}

// Names resolves district and industry codes as the API does.
func Names(c *city.Config) analysis.Names {
	return analysis.Names{District: c.DistrictName, Industry: city.IndustryName}
}
