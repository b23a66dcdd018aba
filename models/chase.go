package models

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
)

// ContactQuestions names the profile questions where a firm gives the person
// filling in its survey (填报联系人); an edition without them leaves "".
type ContactQuestions struct {
	Name, Phone, Email string
}

// ChaseRow is a firm still to chase (催报): not started, or a draft.
type ChaseRow struct {
	FirmRow
	// Contact is whom to call: each field from the survey's 填报联系人 when
	// the firm gave it (the person actually filling it in), else from the
	// roster's contact.
	Contact       Contact
	ContactSource string // "问卷", "名录", "问卷、名录", or "" when neither has one
}

// Contact is a person to call.
type Contact struct {
	Name, Phone, Email string
}

// Chase lists one page of the campaign's firms in scope that match f and
// have not submitted: not started first, then drafts from the least
// progress, so the furthest behind come first. limit 0 lists all from
// offset. The dashboard, the reminders page and their exports share it.
//
// Each status is one range of an index in the list's order (migration
// 0007), so a page reads its own rows and never sorts or counts the
// campaign: the dashboard takes the number to chase from its statistics
// snapshot, and CountChase counts when nothing else has.
func (s *Store) Chase(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, cq ContactQuestions,
	limit, offset int) ([]ChaseRow, error) {
	var firms []FirmRow
	for _, status := range chaseStatuses(f.Status) {
		want := 0
		if limit > 0 {
			want = limit - len(firms)
			if want == 0 {
				break
			}
		}
		page, err := s.chaseRange(ctx, scope, campaignID, f, status, want, offset)
		if err != nil {
			return nil, err
		}
		firms = append(firms, page...)
		if offset, err = s.offsetPast(ctx, scope, campaignID, f, status, offset, len(page)); err != nil {
			return nil, err
		}
	}
	answered, err := s.contactAnswers(ctx, firms, cq)
	if err != nil {
		return nil, err
	}
	out := make([]ChaseRow, len(firms))
	for i, fr := range firms {
		out[i] = ChaseRow{FirmRow: fr}
		out[i].Contact, out[i].ContactSource = mergeContact(answered[fr.EntryID],
			Contact{Name: fr.ContactName, Phone: fr.ContactPhone, Email: fr.ContactEmail})
	}
	return out, nil
}

// CountChase counts the firms Chase lists.
func (s *Store) CountChase(ctx context.Context, scope Scope, campaignID int64, f FirmFilter) (int64, error) {
	var total int64
	for _, status := range chaseStatuses(f.Status) {
		f.Status = status
		n, err := s.CountFirms(ctx, scope, campaignID, f)
		if err != nil {
			return 0, fmt.Errorf("models: count firms to chase: %w", err)
		}
		total += n
	}
	return total, nil
}

// chaseStatuses are the statuses a chase list with status filter st shows,
// in the list's order.
func chaseStatuses(st string) []string {
	switch st {
	case "", StatusUnsubmitted:
		return []string{StatusNotStarted, StatusDraft}
	case StatusNotStarted, StatusDraft:
		return []string{st}
	}
	return nil
}

// chaseRange reads up to limit (0: all) firms of one status from offset,
// in the list's order.
func (s *Store) chaseRange(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, status string,
	limit, offset int) ([]FirmRow, error) {
	f.Status = status
	from, args := s.firmQuery(scope, campaignID, f)
	q := "SELECT " + firmColumns + " " + from + " ORDER BY e.progress, e.last_activity_at, e.id"
	if limit > 0 || offset > 0 {
		if limit == 0 {
			limit = math.MaxInt32 // no limit, in words both SQLite and PostgreSQL take
		}
		q += " LIMIT ? OFFSET ?"
		args = append(args, limit, offset)
	}
	firms, err := s.firmRows(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("models: list firms to chase: %w", err)
	}
	return firms, nil
}

// offsetPast is where the next status's range starts reading, once got
// firms were read from offset in this status's range: counting the range
// only when the page began beyond its end.
func (s *Store) offsetPast(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, status string,
	offset, got int) (int, error) {
	switch {
	case offset == 0:
		return 0, nil
	case got > 0:
		return 0, nil // the page started inside this range: the next one is read from its start
	}
	f.Status = status
	n, err := s.CountFirms(ctx, scope, campaignID, f)
	if err != nil {
		return 0, fmt.Errorf("models: count firms to chase: %w", err)
	}
	return max(0, offset-int(n)), nil
}

// mergeContact takes each field from the survey when the firm gave it, else
// from the roster, and says where the fields came from.
func mergeContact(survey, roster Contact) (Contact, string) {
	var c Contact
	fromSurvey, fromRoster := false, false
	pick := func(s, r string) string {
		switch {
		case s != "":
			fromSurvey = true
			return s
		case r != "":
			fromRoster = true
			return r
		}
		return ""
	}
	c.Name = pick(survey.Name, roster.Name)
	c.Phone = pick(survey.Phone, roster.Phone)
	c.Email = pick(survey.Email, roster.Email)
	switch {
	case fromSurvey && fromRoster:
		return c, "问卷、名录"
	case fromSurvey:
		return c, "问卷"
	case fromRoster:
		return c, "名录"
	}
	return c, ""
}

// contactAnswers reads the contact questions of the drafts among firms, in
// batches below the database's variable limit.
func (s *Store) contactAnswers(ctx context.Context, firms []FirmRow, cq ContactQuestions) (map[int64]Contact, error) {
	out := map[int64]Contact{}
	var ids []int64
	for _, f := range firms {
		if f.Status == StatusDraft {
			ids = append(ids, f.EntryID)
		}
	}
	qids := []string{cq.Name, cq.Phone, cq.Email}
	for start := 0; start < len(ids); start += batchRows {
		var rows []Answer
		err := s.read(ctx).Where("entry_id IN ? AND question_id IN ?", ids[start:min(start+batchRows, len(ids))], qids).
			Find(&rows).Error
		if err != nil {
			return nil, fmt.Errorf("models: contacts of drafts: %w", err)
		}
		for _, a := range rows {
			var v string
			if json.Unmarshal([]byte(a.Value), &v) != nil {
				continue // not a text answer: an edition whose question is not a name
			}
			c := out[a.EntryID]
			switch a.QuestionID {
			case cq.Name:
				c.Name = v
			case cq.Phone:
				c.Phone = v
			case cq.Email:
				c.Email = v
			}
			out[a.EntryID] = c
		}
	}
	return out, nil
}
