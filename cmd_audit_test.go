package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"healthcheck/models"
)

// auditLines is the log's lines of one action, oldest first.
func auditLines(t *testing.T, db, action string) []models.AuditEntry {
	t.Helper()
	lines, _, err := storeOf(t, db).AuditLog(context.Background(), models.AuditFilter{Action: action}, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	return lines
}

// TestCommandLineChangesAreLoggedOnce: what the bureau's operator changes
// from the console (a campaign, an account, invitation codes) goes through
// the same use cases as the web, so each change has exactly one line by
// "cli", written in the change's own transaction (the app tests make the
// log fail and see the change undone).
func TestCommandLineChangesAreLoggedOnce(t *testing.T) {
	db, _ := deskWithCodes(t)
	withStdin(t, "s3cret-passw0rd\n", func() {
		mustCLI(t, "user", "add", "--db", db, "--username", "haining", "--role", "district", "--district", "330481", "--password-stdin")
	})
	for action, target := range map[string]string{"campaign_created": "2020", "invites_issued": "2020", "user_added": "haining"} {
		lines := auditLines(t, db, action)
		if len(lines) != 1 || lines[0].Actor != "cli" || lines[0].Target != target {
			t.Errorf("%s: %+v, want one line by cli on %s", action, lines, target)
		}
	}
}

// TestInviteWithNothingToIssueKeepsTheLetters: run again without --reissue,
// the command issues nothing, says how to reissue, and leaves the file of
// codes from the first run as it was (before, it emptied it and reported
// "0 家").
func TestInviteWithNothingToIssueKeepsTheLetters(t *testing.T) {
	db, codes := deskWithCodes(t)
	first, err := os.ReadFile(codes)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cli(t, "invite", "--db", db, "--campaign", "2020", "--out", codes); err == nil || !strings.Contains(err.Error(), "--reissue") {
		t.Fatalf("a second issue with nothing new: %v", err)
	}
	if again, _ := os.ReadFile(codes); string(again) != string(first) {
		t.Errorf("the refused issue changed the codes file:\n%s\nwas\n%s", again, first)
	}
	other := filepath.Join(t.TempDir(), "other.csv")
	if _, err := cli(t, "invite", "--db", db, "--campaign", "2020", "--out", other); err == nil {
		t.Fatal("a second issue into a new file succeeded")
	}
	if _, err := os.Stat(other); !os.IsNotExist(err) {
		t.Errorf("a refused issue left %s behind: %v", other, err)
	}
	if n := len(auditLines(t, db, "invites_issued")); n != 1 {
		t.Errorf("%d invites_issued lines, want 1", n)
	}
}

// withStdin runs fn with standard input reading s.
func withStdin(t *testing.T, s string, fn func()) {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteString(s); err != nil {
		t.Fatal(err)
	}
	w.Close()
	old := os.Stdin
	os.Stdin = r
	defer func() { os.Stdin, _ = old, r.Close() }()
	fn()
}

// deskWithCodes is a desk database with one firm whose code was issued into
// the returned CSV file.
func deskWithCodes(t *testing.T) (db, codes string) {
	t.Helper()
	db = newDeskDB(t)
	file := writeFile(t, "r.csv", []byte(rosterHeader+creditCode("330481", 1)+",海宁皮革有限公司,海宁市,C19,52000.5,300\r\n"))
	mustCLI(t, "import", "--db", db, "--campaign", "2020", file)
	codes = filepath.Join(t.TempDir(), "codes.csv")
	mustCLI(t, "invite", "--db", db, "--campaign", "2020", "--out", codes)
	return db, codes
}
