package models

import (
	"context"
	"encoding/json"
	"fmt"
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

// Chase lists the campaign's firms in scope that match f and have not
// submitted: not started first, then drafts from the least progress, so the
// furthest behind come first. limit 0 lists all from offset; total counts
// all matches. The dashboard, the reminders page and their exports share it.
func (s *Store) Chase(ctx context.Context, scope Scope, campaignID int64, f FirmFilter, cq ContactQuestions,
	limit, offset int) ([]ChaseRow, int64, error) {
	from, args := s.firmQuery(scope, campaignID, f)
	from += " AND e.status <> ?"
	args = append(args, StatusSubmitted)
	var total int64
	if err := s.read(ctx).Raw("SELECT COUNT(*) "+from, args...).Scan(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("models: count firms to chase: %w", err)
	}
	q := "SELECT " + firmColumns + " " + from +
		" ORDER BY CASE WHEN e.status = ? THEN 0 ELSE 1 END, e.progress, e.last_activity_at, e.id"
	args = append(args, StatusNotStarted)
	if limit > 0 {
		q += " LIMIT ? OFFSET ?"
		args = append(args, limit, offset)
	}
	firms, err := s.firmRows(ctx, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("models: list firms to chase: %w", err)
	}
	answered, err := s.contactAnswers(ctx, firms, cq)
	if err != nil {
		return nil, 0, err
	}
	out := make([]ChaseRow, len(firms))
	for i, fr := range firms {
		out[i] = ChaseRow{FirmRow: fr}
		out[i].Contact, out[i].ContactSource = mergeContact(answered[fr.EntryID],
			Contact{Name: fr.ContactName, Phone: fr.ContactPhone, Email: fr.ContactEmail})
	}
	return out, total, nil
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
