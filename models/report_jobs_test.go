package models

import (
	"errors"
	"sync"
	"testing"
)

func job(token, instance string, at int64) ReportJob {
	return ReportJob{Campaign: 2021, Token: token, StartedBy: "admin", Instance: instance,
		State: ReportJobRunning, StartedAt: at, HeartbeatAt: at}
}

// Of many instances asked at once, one starts the campaign's job; the rest
// join it.
func TestClaimReportJobOnceAcrossClaimants(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, claimed, err := s.ClaimReportJob(ctx, job(string(rune('a'+i)), "x", 1000), 500)
			if err != nil {
				t.Error(err)
			}
			if claimed {
				mu.Lock()
				won++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if won != 1 {
		t.Fatalf("%d claims won, want 1", won)
	}
}

// A running job with a fresh heartbeat is kept; a stale or ended one is
// replaced; the runner of a replaced job learns it is gone.
func TestReportJobLifecycle(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	if _, claimed, err := s.ClaimReportJob(ctx, job("a", "A", 1000), 0); err != nil || !claimed {
		t.Fatalf("first claim: %v %v", claimed, err)
	}
	if err := s.HeartbeatReportJob(ctx, 2021, "a", "answers", 5, 10, 2000); err != nil {
		t.Fatal(err)
	}
	cur, claimed, err := s.ClaimReportJob(ctx, job("b", "B", 2500), 1500)
	if err != nil || claimed || cur.Token != "a" || cur.Done != 5 || cur.Stage != "answers" {
		t.Fatalf("claim over a live job: %+v %v %v", cur, claimed, err)
	}
	// Instance A stops beating; at 5000 its job (last beat 2000) is stale.
	if ok, err := s.FailStaleReportJob(ctx, 2021, "a", "实例已停止", 1500); err != nil || ok {
		t.Fatalf("fresh job failed as stale: %v %v", ok, err)
	}
	if ok, err := s.FailStaleReportJob(ctx, 2021, "a", "实例已停止", 3000); err != nil || !ok {
		t.Fatalf("stale job not failed: %v %v", ok, err)
	}
	cur, _ = s.ReportJob(ctx, 2021)
	if cur.State != ReportJobFailed || cur.EndedAt != 2000 || cur.Error != "实例已停止" {
		t.Fatalf("stale job: %+v", cur)
	}
	if err := s.HeartbeatReportJob(ctx, 2021, "a", "x", 6, 10, 5000); !errors.Is(err, ErrReportJobGone) {
		t.Fatalf("heartbeat of an ended job: %v", err)
	}
	cur, claimed, err = s.ClaimReportJob(ctx, job("b", "B", 5000), 3000)
	if err != nil || !claimed || cur.Instance != "B" || cur.Done != 0 || cur.Error != "" {
		t.Fatalf("claim after failure: %+v %v %v", cur, claimed, err)
	}
	if err := s.EndReportJob(ctx, 2021, "b", ReportJobDone, "", 6000); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.DeleteReportJob(ctx, 2021, "b", 6000); ok {
		t.Fatal("deleted a job before its expiry")
	}
	if ok, _ := s.DeleteReportJob(ctx, 2021, "b", 6001); !ok {
		t.Fatal("expired job kept")
	}
	if cur, _ := s.ReportJob(ctx, 2021); cur != nil {
		t.Fatalf("deleted job still there: %+v", cur)
	}
}

func TestGenerationBumps(t *testing.T) {
	s := openTest(t)
	ctx := t.Context()
	before, err := s.Generation(ctx, "stats")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.BumpGeneration(ctx, "stats"); err != nil {
		t.Fatal(err)
	}
	if after, _ := s.Generation(ctx, "stats"); after != before+1 {
		t.Fatalf("generation %d after bump from %d", after, before)
	}
}
