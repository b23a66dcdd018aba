// Package questionnaires owns the instrument: the versioned definition files,
// their self-check, answer validation and scoring. It is pure: it knows no
// database and no HTTP, so the same answers always give the same score.
package questionnaires

import "healthcheck/decimal"

// Question types, as the API names them.
const (
	TypeSingle  = "single"  // value: one option value (string)
	TypeMulti   = "multi"   // value: array of option values
	TypeNumber  = "number"  // value: number
	TypePercent = "percent" // value: number 0–100
	TypeScene   = "scene"   // value: integer level 0 (未开展) to 4
	TypeText    = "text"    // value: string
)

// RosterRevenue is the reference to the firm's revenue in the campaign roster
// (万元), usable wherever a rule, ratio or condition names a value.
const RosterRevenue = "roster.revenue_wan"

// Definition is one edition of the questionnaire. A campaign pins it by ID
// forever; next year's edition is a new file with a new ID.
type Definition struct {
	ID      string `yaml:"id"`      // e.g. "jiaxing-2020"
	Version int    `yaml:"version"` // edition number shown to users
	Title   string `yaml:"title"`
	Source  string `yaml:"source"` // where the method comes from
	// Basis names the method as a report's reader should see it, in one
	// sentence (docs/methodology.md words it the same way). It never
	// presents a standard published after the campaigns using the edition
	// as their basis.
	Basis string `yaml:"basis"`

	Dimensions []Dimension `yaml:"dimensions"`
	Levels     []Level     `yaml:"levels"`
	// DimensionBandWidth is the width in percent of one dimension band (20 gives 0–5).
	DimensionBandWidth Dec `yaml:"dimension_band_width"`
	// SizeBands are revenue bands, lowest first; a firm belongs to the last band
	// whose min_wan it reaches (the first band takes everything below the second).
	SizeBands []SizeBand `yaml:"size_bands"`

	Sections   []Section      `yaml:"sections"`
	Derived    []DerivedScore `yaml:"derived"`
	Indicators []Indicator    `yaml:"indicators"`
	Rules      []Rule         `yaml:"rules"`
	Flags      []Flag         `yaml:"flags"`
	// NeedsQuestion is the multi question asking which outside help the firm
	// wants (服务需求); its choices are kept with the result for the tallies.
	NeedsQuestion string `yaml:"needs_question"`

	// filled by index() after loading
	questions map[string]*Question
	order     []*Question
	// ruleOrder is the order checkRules runs the rules in; rulesAcyclic is
	// false when no order lets each rule read only checked values.
	ruleOrder    []int
	rulesAcyclic bool
}

// Dimension is a scored area. Raw points of its items (options, scenes,
// derived scores) add up to RawMax and are rescaled to Points of the total 100.
type Dimension struct {
	Key    string `yaml:"key"`     // "数字化基础"
	Points Dec    `yaml:"points"`  // share of the 100-point total, e.g. 40
	RawMax Dec    `yaml:"raw_max"` // sum of its items' maxima, e.g. 50
	Source string `yaml:"source"`
}

// LevelName is what every page, report and file calls a firm's level. The
// level is the city's own: the 2022 MIIT notice's score lines applied to a
// total the city composes (docs/methodology.md, section 十三), so it is never
// called just 等级, which reads as the MIIT evaluation's.
const LevelName = "体检等级"

// LevelNote says once, wherever a level is shown to a reader, whose it is.
const LevelNote = "体检等级是本市按《嘉兴市制造业数字化转型“集体体检”评价方法》由总分划定的等级，" +
	"不是工业和信息化部中小企业数字化水平评测的结果；专精特新认定等所需的评测，须在工信部评测系统中按评测指标进行。"

// Level is a maturity level, reached when the rounded total is at least Min.
type Level struct {
	Code        int    `yaml:"code"`
	Label       string `yaml:"label"` // "三级"
	Min         Dec    `yaml:"min"`
	Description string `yaml:"description"`
}

// SizeBand is a revenue band (规模档).
type SizeBand struct {
	Label  string `yaml:"label"` // "1-2亿"
	MinWan Dec    `yaml:"min_wan"`
}

// Section groups questions into one page of the form.
type Section struct {
	ID          string     `yaml:"id"`
	Title       string     `yaml:"title"`
	Description string     `yaml:"description"`
	Questions   []Question `yaml:"questions"`
}

// Question is one item of the form.
type Question struct {
	ID       string   `yaml:"id"`
	Type     string   `yaml:"type"`
	Title    string   `yaml:"title"`
	Help     string   `yaml:"help"` // plain-Chinese explanation shown under the title
	Required bool     `yaml:"required"`
	Options  []Option `yaml:"options"` // single and multi
	Min      *Dec     `yaml:"min"`     // number and percent
	Max      *Dec     `yaml:"max"`
	Integer  bool     `yaml:"integer"` // number: whole numbers only (counts)
	Unit     string   `yaml:"unit"`
	// MaxLength bounds text answers in characters (default 500). Above 100
	// the answer is a textarea, where tab and newline are allowed.
	MaxLength int `yaml:"max_length"`
	// Format is what a text answer must look like: "phone" or "email"
	// (checked by the contact package, as the roster import checks them).
	Format string `yaml:"format"`
	// When makes the question apply only if the condition holds; an answer to a
	// question that does not apply is ignored and it is never required.
	When *Condition `yaml:"when"`

	// Scoring. Dimension is empty for unscored questions.
	Dimension string `yaml:"dimension"`
	// MaxScore is the item's maximum raw points; option scores must stay within it.
	MaxScore *Dec   `yaml:"max_score"`
	Scene    *Scene `yaml:"scene"` // type scene only

	// filled by index(): bounds as decimal.Fixed2 when exact (see indexBounds)
	lo, hi      *decimal.Fixed2
	exactBounds bool
}

// Option is one choice of a single or multi question.
type Option struct {
	Value string `yaml:"value"` // stable id stored in answers, ASCII
	Label string `yaml:"label"`
	Score *Dec   `yaml:"score"` // raw points when chosen (scored questions)
	// Exclusive options (无) cannot be combined with another option.
	Exclusive bool   `yaml:"exclusive"`
	Help      string `yaml:"help"`
}

// Scene is one of the business scenes of 数字化经营, answered as a level 0–4.
// Its raw score is Weight × level; its maximum Weight × 4.
type Scene struct {
	Group      string   `yaml:"group"`      // 生产执行数字化 …
	Constraint bool     `yaml:"constraint"` // 约束性场景
	Weight     int      `yaml:"weight"`
	Levels     []string `yaml:"levels"` // descriptions of levels 1–4
	Steps      []string `yaml:"steps"`  // concrete steps towards each level 1–4
}

// DerivedScore is a scored item computed from numbers the firm gives, e.g.
// 设备联网率 = networked / total equipment, mapped to points by a band table.
type DerivedScore struct {
	ID        string    `yaml:"id"`
	Title     string    `yaml:"title"`
	Dimension string    `yaml:"dimension"`
	MaxScore  Dec       `yaml:"max_score"`
	Ratio     Ratio     `yaml:"ratio"`
	Bands     BandTable `yaml:"bands"`
}

// Ratio names a numerator and a denominator: question ids or RosterRevenue.
// Its value is in percent (×100). A zero or missing denominator gives no value.
type Ratio struct {
	Numerator   string `yaml:"numerator"`
	Denominator string `yaml:"denominator"`
}

// BandTable maps a value to points. Edges ascend; Scores has one more entry.
// With Closed "upper" a value v takes Scores[i] for the first i with v <= Edges[i];
// with Closed "lower" for the first i with v < Edges[i]; otherwise the last score.
type BandTable struct {
	Closed string `yaml:"closed"` // "upper" or "lower": which bound an interval includes
	Edges  []Dec  `yaml:"edges"`
	Scores []Dec  `yaml:"scores"`
}

// Indicator kinds.
const (
	IndicatorRatio    = "ratio"    // firm: num/den %; city: Σnum/Σden
	IndicatorAdoption = "adoption" // firm: 0 or 100; city: share of firms
)

// Indicator is one of the rates the city reports.
type Indicator struct {
	Key   string     `yaml:"key"` // "设备联网率"
	Kind  string     `yaml:"kind"`
	Ratio *Ratio     `yaml:"ratio"` // kind ratio
	When  *Condition `yaml:"when"`  // kind adoption: the firm uses it when this holds
	// Target is a national target in percent, shown beside the city's rate.
	Target *Dec   `yaml:"target"`
	Source string `yaml:"source"`
}

// Rule is a cross-field check: Left Op Right, checked when both are answered.
// The message names what is wrong in Chinese and is reported on Left.
type Rule struct {
	ID      string `yaml:"id"`
	Left    string `yaml:"left"`
	Op      string `yaml:"op"` // "<=" or "<"
	Right   string `yaml:"right"`
	Message string `yaml:"message"`
}

// Flag marks a firm (投入不足, 意识不足) when all its conditions hold.
type Flag struct {
	Code  string      `yaml:"code"`  // low_investment
	Label string      `yaml:"label"` // 投入不足
	All   []Condition `yaml:"all"`
}

// Condition tests one value. Ref is a question id, RosterRevenue, or
// "indicator:<key>" (the firm's indicator percent). Exactly one test is set.
type Condition struct {
	Ref      string   `yaml:"ref" json:"ref"`
	Lt       *Dec     `yaml:"lt" json:"lt,omitempty"`
	Ge       *Dec     `yaml:"ge" json:"ge,omitempty"`
	In       []string `yaml:"in" json:"in,omitempty"`             // single: answer is one of
	Includes string   `yaml:"includes" json:"includes,omitempty"` // multi: answer includes
	Excludes string   `yaml:"excludes" json:"excludes,omitempty"` // multi: answer lacks (also true when unanswered)
	MinLevel *int     `yaml:"min_level" json:"min_level,omitempty"`
}
