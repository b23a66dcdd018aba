package policies

import (
	"testing"

	"healthcheck/questionnaires"
)

func TestLaterPoliciesLoadAfterTheEditions(t *testing.T) {
	r := LoadEmbeddedLater(questionnaires.LoadEmbeddedLater())
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	if r.For(2020) == nil {
		t.Fatal("no policy set in force for 2020 after the load")
	}
}
