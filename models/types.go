package models

import (
	"time"

	"healthcheck/decimal"
	"healthcheck/questionnaires"
)

// Survey statuses of a roster entry.
const (
	StatusNotStarted = "not_started"
	StatusDraft      = "draft"
	StatusSubmitted  = "submitted"
	// StatusUnsubmitted filters the firms still to chase (催报): not started
	// or a draft. It is never stored.
	StatusUnsubmitted = "unsubmitted"
)

// Review statuses (县区初审) of a submitted survey.
const (
	ReviewPending  = "pending"
	ReviewApproved = "approved"
	ReviewReturned = "returned"
)

// Roles of officials' accounts.
const (
	RoleBureau   = "bureau"
	RoleDistrict = "district"
)

// Campaign is one survey round (年度体检).
type Campaign struct {
	ID              int64
	Year            int
	Title           string
	QuestionnaireID string
	OpensAt         time.Time
	ClosesAt        time.Time // exclusive: the first instant after the window
	MinRevenueWan   decimal.Fixed2
	CreatedAt       time.Time
}

// Open reports whether answers are accepted at t.
func (c *Campaign) Open(t time.Time) bool {
	return !t.Before(c.OpensAt) && t.Before(c.ClosesAt)
}

// Enterprise is a firm, keyed by its 统一社会信用代码.
type Enterprise struct {
	ID           int64
	CreditCode   string
	Name         string
	District     string
	Industry     string
	ContactName  string
	ContactPhone string
	ContactEmail string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// RosterEntry is a firm in one campaign: the roster's facts for that campaign
// and the state of its survey.
type RosterEntry struct {
	ID             int64
	CampaignID     int64
	EnterpriseID   int64
	Name           string
	District       string
	Industry       string
	RevenueWan     decimal.Fixed2
	Employees      int
	Band           string
	InviteHash     string
	InviteIssuedAt *time.Time
	Status         string
	Version        int
	Progress       int // percent of the required questions answered
	SavedAt        *time.Time
	SubmittedAt    *time.Time
	LastActivityAt *time.Time
	ReviewStatus   string
	ReviewReason   string
	FilledBy       string // official who filled in for the firm (代填), if any
}

// Answer is one stored answer, canonical JSON.
type Answer struct {
	EntryID    int64  `gorm:"primaryKey"`
	QuestionID string `gorm:"primaryKey"`
	Value      string
}

// ResultRow is a stored score. Build one with NewResult; Detail is Scores as
// JSON, for models alone: reads that return a ResultRow decode it into
// Scores, and the figures statistics read are typed columns and rows
// (figures.go).
type ResultRow struct {
	EntryID    int64 `gorm:"primaryKey"`
	CampaignID int64
	Total      decimal.Fixed2
	LevelCode  int
	Level      string
	Band       string
	// Industry and District are the entry's, kept here so ranks and
	// statistics within them need no join (migrations 0005, 0007); the
	// store sets them, not the scorer.
	Industry string
	District string
	Detail   string
	ScoredAt time.Time
	Scores   *questionnaires.Result `gorm:"-"`
}

// TableName maps ResultRow to results.
func (ResultRow) TableName() string { return "results" }

// User is an official's account.
type User struct {
	ID           int64
	Username     string
	PasswordHash string
	Role         string
	District     string
	Disabled     bool
	CreatedAt    time.Time
	SessionEpoch int // raised on password reset or disabling: older sessions end
}

// AuditEntry is one line of the audit log.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Actor  string
	Action string
	Target string
	Detail string
}

// TableName maps AuditEntry to audit_log.
func (AuditEntry) TableName() string { return "audit_log" }

// Correction is a roster correction a firm asked for.
type Correction struct {
	ID             int64
	EntryID        int64
	Field          string
	CurrentValue   string
	RequestedValue string
	Note           string
	Status         string
	CreatedAt      time.Time
	DecidedBy      string
	DecidedAt      *time.Time
	DecisionNote   string
}
