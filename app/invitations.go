package app

import (
	"context"
	"fmt"
	"io"

	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/invites"
	"healthcheck/views"
)

// inviteStore issues invitation codes (stored hashed) and records it.
type inviteStore interface {
	IssueInvites(ctx context.Context, scope Scope, campaignID int64, reissue bool) ([]IssuedInvite, error)
	ReissueInvite(ctx context.Context, scope Scope, campaignID int64, creditCode string) (*IssuedInvite, error)
	Audit(ctx context.Context, actor, action, target, detail string) error
	Atomically(ctx context.Context, fn func(ctx context.Context) error) error
}

// Invitations issues the firms' invitation codes. Codes exist in clear only
// in what Issue returns, so the caller hands them on at once (Write).
type Invitations struct {
	store inviteStore
	city  *city.Config
}

// The invitation files' formats.
const (
	InviteCSV     = invites.CSV
	InviteXLSX    = invites.XLSX
	InviteLetters = invites.Letters
)

// Which firms an issue is for.
const (
	InviteNew = ""     // the firms that have no code yet
	InviteAll = "all"  // every firm: old codes stop working
	InviteOne = "firm" // one firm, by credit code (a lost letter)
)

// Issue draws codes for the campaign's firms in the official's scope (which
// as InviteNew, InviteAll or InviteOne with its credit code) and records
// the issue in the audit log, in one transaction. format only describes
// the issue in the log. Nothing to issue is a Conflict.
func (iv *Invitations) Issue(ctx context.Context, who *Identity, camp *Campaign, which, creditCode, format string) ([]IssuedInvite, error) {
	scope := who.Scope()
	target := fmt.Sprint(camp.Year)
	var issued []IssuedInvite
	err := iv.store.Atomically(ctx, func(ctx context.Context) error {
		var detail string
		switch which {
		case InviteOne:
			one, err := iv.store.ReissueInvite(ctx, scope, camp.ID, creditCode)
			if err != nil {
				return err
			}
			issued, target = []IssuedInvite{*one}, creditCode
			detail = fmt.Sprintf("%d 年度，", camp.Year) + invites.Detail(1, true, format)
		default:
			var err error
			if issued, err = iv.store.IssueInvites(ctx, scope, camp.ID, which == InviteAll); err != nil {
				return err
			}
			detail = invites.Detail(len(issued), which == InviteAll, format)
		}
		if len(issued) == 0 {
			return apperr.New(apperr.Conflict, "所有企业都已有邀请码；如需补发，请对单个企业重新生成")
		}
		return iv.store.Audit(ctx, who.Actor(), "invites_issued", target, detail)
	})
	if err != nil {
		return nil, err
	}
	return issued, nil
}

// InviteContentType is the media type of an invitation file's format.
var InviteContentType = invites.ContentType

// WriteInvites writes issued codes in a format: the mail-merge table (CSV or
// Excel) or the printable letters, which send firms to loginURL.
func (iv *Invitations) Write(w io.Writer, format string, camp *Campaign, v *views.Views, loginURL string, issued []IssuedInvite) error {
	o := invites.Output{Format: format, Campaign: camp, City: iv.city, Views: v, LoginURL: loginURL}
	return o.Write(w, issued)
}
