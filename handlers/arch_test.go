package handlers

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// behindApp are the packages the web reaches only through the use-case
// layer (package app): the store and the domain services it combines.
var behindApp = []string{
	"healthcheck/models",
	"healthcheck/survey",
	"healthcheck/stats",
	"healthcheck/roster",
	"healthcheck/invites",
	"healthcheck/policies",
	"healthcheck/report",
}

// listed is what `go list -json` says of a package.
type listed struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func goList(t *testing.T, args ...string) []listed {
	t.Helper()
	out, err := exec.Command("go", append([]string{"list", "-json"}, args...)...).Output()
	if err != nil {
		t.Fatalf("go list %v: %v", args, err)
	}
	var pkgs []listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p listed
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// TestHandlersReachTheStoreOnlyThroughApp: handlers/ imports none of the
// store's or the domain services' packages, and none of the packages it
// does import (app aside) brings them in either — so every route goes
// through a use case (docs/architecture.md).
func TestHandlersReachTheStoreOnlyThroughApp(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	handlers := goList(t, "healthcheck/handlers")[0]
	if !slices.Contains(handlers.Imports, "healthcheck/app") {
		t.Fatal("handlers does not import app; the test below would prove nothing")
	}
	var direct []string
	for _, imp := range handlers.Imports {
		if slices.Contains(behindApp, imp) {
			t.Errorf("handlers imports %s directly: call a use case of package app instead", imp)
		}
		if strings.HasPrefix(imp, "healthcheck/") && imp != "healthcheck/app" {
			direct = append(direct, imp)
		}
	}
	for _, p := range goList(t, direct...) {
		for _, dep := range p.Deps {
			if slices.Contains(behindApp, dep) {
				t.Errorf("handlers imports %s, which brings in %s: only app may", p.ImportPath, dep)
			}
		}
	}
}
