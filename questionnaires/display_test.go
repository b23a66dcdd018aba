package questionnaires

import "testing"

func TestDisplayShowsLabelsAndUnits(t *testing.T) {
	reg, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := reg.Get("jiaxing-2020")
	q := func(id string) *Question {
		t.Helper()
		qq, ok := def.Question(id)
		if !ok {
			t.Fatalf("no question %s", id)
		}
		return qq
	}
	cases := []struct {
		q    *Question
		v    Value
		want string
	}{
		{q("n_needs"), Value{Strs: []string{"diagnosis", "cloud"}}, "诊断咨询、云服务"},
		{q("p_project"), Value{Str: "yes"}, q("p_project").OptionLabel("yes")},
		{q("p_revenue"), Value{Num: 5200050}, "52000.5 " + q("p_revenue").Unit},
		{q("s_quality"), Value{Level: 0}, "0 级：未开展"},
		{q("s_quality"), Value{Level: 3}, "3 级：" + q("s_quality").Scene.Levels[2]},
		{q("n_note"), Value{Str: "<b>不是标记</b>"}, "<b>不是标记</b>"}, // escaping is the page's job
	}
	for _, c := range cases {
		if got := c.q.Display(c.v); got != c.want {
			t.Errorf("%s: %q, want %q", c.q.ID, got, c.want)
		}
	}
	if q("p_project").OptionLabel("yes") == "yes" || q("p_revenue").Unit == "" {
		t.Fatal("the test needs a labelled option and a unit")
	}
}
