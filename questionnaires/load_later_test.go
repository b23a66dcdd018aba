package questionnaires

import (
	"errors"
	"testing"
)

// The server listens before the editions are parsed: a request asking for an
// edition meanwhile waits for it rather than finding none.
func TestALaterRegistryAnswersOnceLoaded(t *testing.T) {
	release := make(chan struct{})
	r := loadLater(func() (*Registry, error) {
		<-release
		return LoadEmbedded()
	})
	got := make(chan bool)
	go func() {
		_, ok := r.Get("jiaxing-2020")
		got <- ok
	}()
	close(release)
	if !<-got {
		t.Fatal("Get during the load did not wait for the edition")
	}
	if err := r.Wait(); err != nil {
		t.Fatal(err)
	}
	if ids := r.IDs(); len(ids) == 0 || r.Latest() == nil || r.Guidance("jiaxing-2020") == nil {
		t.Fatalf("IDs %v, Latest and Guidance after the load: want the built-in edition and its advice", ids)
	}
}

func TestALaterRegistryReportsAFailedLoad(t *testing.T) {
	broken := errors.New("questionnaires: defs/x.yaml: decode: line 3")
	r := loadLater(func() (*Registry, error) { return nil, broken })
	if err := r.Wait(); !errors.Is(err, broken) {
		t.Fatalf("Wait = %v, want the load's error", err)
	}
	if _, ok := r.Get("jiaxing-2020"); ok {
		t.Fatal("a failed registry offered an edition")
	}
}
