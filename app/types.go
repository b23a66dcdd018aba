package app

import (
	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/roster"
	"healthcheck/stats"
	"healthcheck/survey"
)

// The store's rows and the domain's results, as the web names them (see the
// package doc for why these are aliases).
type (
	Scope            = models.Scope
	Campaign         = models.Campaign
	CampaignSpec     = survey.CampaignSpec
	Enterprise       = models.Enterprise
	RosterEntry      = models.RosterEntry
	FirmRow          = models.FirmRow
	FirmFilter       = models.FirmFilter
	ChaseRow         = models.ChaseRow
	ContactQuestions = models.ContactQuestions
	Contact          = models.Contact
	Review           = models.Review
	User             = models.User
	AuditEntry       = models.AuditEntry
	AuditFilter      = models.AuditFilter
	CorrectionRow    = models.CorrectionRow
	CampaignProgress = models.CampaignProgress
	IssuedInvite     = models.IssuedInvite
	RosterUpload     = models.RosterUpload
	RosterDiff       = models.RosterDiff
	SessionStorage   = models.SessionStorage
	Snapshot         = stats.Snapshot
	Form             = survey.Form
	Report           = survey.Report
	HistoryItem      = survey.HistoryItem
	SceneDiagnosis   = survey.SceneDiagnosis
	PolicyMatch      = policies.Match
	RosterResult     = roster.Result
	RosterRejection  = roster.Rejected
)

// Scopes: what a session may see.
var (
	FirmScope     = models.FirmScope
	DistrictScope = models.DistrictScope
	CityScope     = models.CityScope
)

// Survey statuses, review statuses, roles and review actions, as stored.
const (
	StatusNotStarted  = models.StatusNotStarted
	StatusDraft       = models.StatusDraft
	StatusSubmitted   = models.StatusSubmitted
	StatusUnsubmitted = models.StatusUnsubmitted

	ReviewPending  = models.ReviewPending
	ReviewApproved = models.ReviewApproved
	ReviewReturned = models.ReviewReturned

	RoleBureau   = models.RoleBureau
	RoleDistrict = models.RoleDistrict

	ActionApprove    = models.ActionApprove
	ActionReturn     = models.ActionReturn
	ActionFill       = models.ActionFill
	ActionFillSubmit = models.ActionFillSubmit
	ActionReopen     = models.ActionReopen

	CorrectionPending = models.CorrectionPending

	RosterAdded = models.RosterAdded
)

// Labels of the roster's fields, for pages and the audit log.
var (
	CorrectionFields  = models.CorrectionFields
	RosterFieldLabels = models.RosterFieldLabels
)

// PolicySpan writes a policy's amount, or its range, in yuan.
var PolicySpan = policies.Span
