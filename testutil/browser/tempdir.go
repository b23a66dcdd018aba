package browser

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// A test binary that runs its tests through RunTests keeps its temporary
// files (Chromium's profile and singleton socket, the tests' databases and
// t.TempDir, the report jobs' directories) in a directory of its own under
// $TMPDIR, named with its process id. RunTests removes it at the end; a
// binary that never gets there (a panic, a -timeout, a kill) leaves it, and
// the next RunTests, of any package, removes the directories of processes
// that no longer run. Chromium itself dies with the binary: chromedp starts
// it with a parent-death signal (SIGKILL) on Linux.

// tempPrefix starts the name of a test binary's temporary directory:
// hc-test-<pid>-<random>. It is short because Chromium's singleton socket
// lives below it, and a socket's path has at most 107 bytes.
const tempPrefix = "hc-test-"

// ownTempDir sweeps parent of the directories of dead test binaries, makes
// this binary's and points $TMPDIR (and so os.TempDir) at it. restore points
// $TMPDIR back at parent and removes the directory.
func ownTempDir() (restore func() error, err error) {
	parent := os.TempDir()
	for _, gone := range sweepStale(parent) {
		fmt.Fprintf(os.Stderr, "browser: removed %s, left by a test binary that no longer runs\n", gone)
	}
	dir, err := os.MkdirTemp(parent, tempPrefix+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return nil, fmt.Errorf("browser: the test binary's temporary directory: %w", err)
	}
	old, had := os.LookupEnv("TMPDIR")
	if err := os.Setenv("TMPDIR", dir); err != nil {
		_ = os.Remove(dir)
		return nil, fmt.Errorf("browser: set TMPDIR: %w", err)
	}
	restore = func() error {
		var err error
		if had {
			err = os.Setenv("TMPDIR", old)
		} else {
			err = os.Unsetenv("TMPDIR")
		}
		if rerr := os.RemoveAll(dir); rerr != nil {
			err = errors.Join(err, fmt.Errorf("remove the test binary's temporary directory: %w", rerr))
		}
		return err
	}
	return restore, nil
}

// sweepStale removes the temporary directories in parent of test binaries
// whose process is gone, and returns them. A directory whose name does not
// say a process id, or whose process runs, is kept.
func sweepStale(parent string) []string {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		pid, ok := ownerPID(e.Name())
		if !ok || !e.IsDir() || processRuns(pid) {
			continue
		}
		path := filepath.Join(parent, e.Name())
		if err := os.RemoveAll(path); err != nil {
			fmt.Fprintf(os.Stderr, "browser: remove %s, left by a test binary that no longer runs: %v\n", path, err)
			continue
		}
		removed = append(removed, path)
	}
	return removed
}

// ownerPID is the process id a test binary's temporary directory is named
// with.
func ownerPID(name string) (int, bool) {
	rest, ok := strings.CutPrefix(name, tempPrefix)
	if !ok {
		return 0, false
	}
	digits, _, ok := strings.Cut(rest, "-")
	pid, err := strconv.Atoi(digits)
	return pid, ok && err == nil && pid > 0
}

// processRuns says whether a process pid exists. A process of another user
// (EPERM) exists too; a reused pid keeps a dead binary's directory until
// that process ends, which is harmless.
func processRuns(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
