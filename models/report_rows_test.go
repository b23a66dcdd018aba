package models

import (
	"context"
	"reflect"
	"testing"

	"healthcheck/questionnaires"
)

// TestEachAnswerSetPacksEachFirmsAnswers: every firm of the scope once, in
// roster order, with exactly its own answers (values with quotes, commas,
// newlines and non-ASCII intact), and none for a firm that saved nothing.
func TestEachAnswerSetPacksEachFirmsAnswers(t *testing.T) {
	s := openTest(t)
	_, es := seedTwo(t, s)
	ctx := context.Background()
	a := map[string][]byte{"p_revenue": []byte("12345.6"), "n_needs": []byte(`["diagnosis","cloud"]`),
		"n_note": []byte(`"第一行\n第二行，含\"引号\"与=号"`)}
	if _, _, err := s.SaveAnswers(ctx, CityScope(), Save{EntryID: es[0].ID, Answers: a}); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	var sets []map[string][]byte
	err := s.EachAnswerSet(ctx, CityScope(), es[0].CampaignID, func(r *FirmRow, set AnswerSet) error {
		ids = append(ids, r.EntryID)
		cp := map[string][]byte{}
		set.Each(func(id, value string) { cp[id] = []byte(value) })
		sets = append(sets, cp)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids, []int64{es[0].ID, es[1].ID}) {
		t.Fatalf("firms %v, want %d then %d", ids, es[0].ID, es[1].ID)
	}
	if !reflect.DeepEqual(sets[0], a) || len(sets[1]) != 0 {
		t.Errorf("answers %q and %q, want %q and none", sets[0], sets[1], a)
	}
	var district []int64
	err = s.EachAnswerSet(ctx, DistrictScope("330483"), es[0].CampaignID, func(r *FirmRow, _ AnswerSet) error {
		district = append(district, r.EntryID)
		return nil
	})
	if err != nil || !reflect.DeepEqual(district, []int64{es[1].ID}) {
		t.Errorf("a district's scope gave %v (%v), want only %d", district, err, es[1].ID)
	}
}

// TestEachAnswerSetCarriesStoredFlags: each firm comes with its answers and
// its stored result's flags (a submitted firm's; none for a draft), which the
// annual report's policy estimates read in the same pass.
func TestEachAnswerSetCarriesStoredFlags(t *testing.T) {
	s := openTest(t)
	_, es := seedTwo(t, s)
	ctx := context.Background()
	a := map[string][]byte{"p_project": []byte(`"yes"`), "p_project_it": []byte("300"), "n_needs": []byte(`["cloud"]`)}
	versions := make([]int, len(es))
	for i, e := range es {
		v, _, err := s.SaveAnswers(ctx, CityScope(), Save{EntryID: e.ID, Version: e.Version, Answers: a, Progress: 100})
		if err != nil {
			t.Fatal(err)
		}
		versions[i] = v
	}
	r := resultOf(t, es[0].CampaignID, questionnaires.Result{Total: 3000, LevelCode: 1, Level: "一级", Band: "1-10亿",
		Flags: []string{"low_investment", "low_awareness"}})
	if _, err := s.Submit(ctx, CityScope(), Submission{EntryID: es[0].ID, Version: versions[0], Result: *r}); err != nil {
		t.Fatal(err)
	}
	answers, flags := map[int64]map[string][]byte{}, map[int64][]string{}
	err := s.EachAnswerSet(ctx, CityScope(), es[0].CampaignID, func(r *FirmRow, set AnswerSet) error {
		cp := map[string][]byte{}
		set.Each(func(id, value string) { cp[id] = []byte(value) })
		answers[r.EntryID], flags[r.EntryID] = cp, r.Flags
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(answers[es[0].ID], a) || !reflect.DeepEqual(flags[es[0].ID], []string{"low_investment", "low_awareness"}) {
		t.Errorf("the submitted firm: answers %q, flags %v; want %q and both flags", answers[es[0].ID], flags[es[0].ID], a)
	}
	if !reflect.DeepEqual(answers[es[1].ID], a) || len(flags[es[1].ID]) != 0 {
		t.Errorf("the draft: answers %q, flags %v; want %q and no flag", answers[es[1].ID], flags[es[1].ID], a)
	}
}
