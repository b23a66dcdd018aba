package browser

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSweepRemovesDeadBinariesDirs: the temporary directory of a test
// binary that no longer runs goes; a running one's, and anything not named
// like a test binary's, stays.
func TestSweepRemovesDeadBinariesDirs(t *testing.T) {
	parent := t.TempDir()
	exited := exec.Command("true")
	if err := exited.Run(); err != nil {
		t.Fatal(err)
	}
	dead := filepath.Join(parent, tempPrefix+strconv.Itoa(exited.Process.Pid)+"-1")
	live := filepath.Join(parent, tempPrefix+strconv.Itoa(os.Getpid())+"-2")
	others := []string{
		filepath.Join(parent, tempPrefix+"x-3"),
		filepath.Join(parent, "chromedp-runner123"),
	}
	for _, d := range append([]string{dead, live}, others...) {
		if err := os.MkdirAll(filepath.Join(d, "profile", "Default"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	removed := sweepStale(parent)
	if !slices.Equal(removed, []string{dead}) {
		t.Errorf("swept %q, want only %q", removed, dead)
	}
	if _, err := os.Stat(dead); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the directory of exited process %d: %v, want it removed", exited.Process.Pid, err)
	}
	for _, d := range append([]string{live}, others...) {
		if _, err := os.Stat(d); err != nil {
			t.Errorf("%s: %v, want it kept", d, err)
		}
	}
}

// TestTestsRunInTheirOwnTempDir: RunTests gave this binary a temporary
// directory named with its process id, where Chromium's profile lives too.
func TestTestsRunInTheirOwnTempDir(t *testing.T) {
	name := filepath.Base(os.TempDir())
	if pid, ok := ownerPID(name); !ok || pid != os.Getpid() {
		t.Fatalf("TMPDIR is %s, want a directory %s%d-…", os.TempDir(), tempPrefix, os.Getpid())
	}
	execPath := requireChromium(t)
	c, err := startChromium(execPath)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := c.stop(); err != nil {
			t.Error(err)
		}
	}()
	if !strings.HasPrefix(c.profile, os.TempDir()+string(filepath.Separator)) {
		t.Errorf("Chromium's profile %q is not in the binary's %s", c.profile, os.TempDir())
	}
}

// holdEnv makes TestHelperHoldsChromium run: it is the test binary that
// holdEnv marks the run of TestHelperHoldsChromium, the test binary that
// TestKilledBinaryLeavesNothingForLong starts and kills.
const holdEnv = "HC_BROWSER_HOLD"

// TestKilledBinaryLeavesNothingForLong: a test binary killed while its
// Chromium runs takes Chromium with it, and the next sweep removes the
// temporary directory it left.
func TestKilledBinaryLeavesNothingForLong(t *testing.T) {
	requireChromium(t)
	// The helper's directory is made beside this binary's, where the next
	// RunTests would look: deeper, Chromium's singleton socket path would
	// be too long.
	parent := filepath.Dir(os.TempDir())
	held := exec.Command(os.Args[0], "-test.run=^TestHelperHoldsChromium$")
	held.Env = append(os.Environ(), holdEnv+"=1", "TMPDIR="+parent)
	out, err := held.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := held.Start(); err != nil {
		t.Fatal(err)
	}
	var chromiumPID int
	var dir string
	line, err := readLine(out)
	if _, serr := fmt.Sscanf(line, "holding Chromium %d in %s", &chromiumPID, &dir); err != nil || serr != nil {
		_ = held.Process.Kill()
		rest, _ := io.ReadAll(out)
		_ = held.Wait()
		t.Fatalf("the helper said %q (%v, %v)\n%s", line, err, serr, rest)
	}
	if err := held.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = held.Wait()
	if !waitGone(chromiumPID) {
		t.Fatalf("Chromium %d still runs %v after its test binary was killed", chromiumPID, WaitTimeout)
	}
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("the killed binary's directory: %v, want it left for the sweep", err)
	}
	if removed := sweepStale(parent); !slices.Contains(removed, dir) {
		_ = os.RemoveAll(dir)
		t.Errorf("swept %q, want %q among them", removed, dir)
	}
}

// TestHelperHoldsChromium is the test binary TestKilledBinaryLeavesNothingForLong
// kills: it opens a tab, says which Chromium runs in which directory and
// waits.
func TestHelperHoldsChromium(t *testing.T) {
	if os.Getenv(holdEnv) != "1" {
		t.Skip("run by TestKilledBinaryLeavesNothingForLong")
	}
	New(t)
	fmt.Printf("holding Chromium %d in %s\n", sharedPID(t), os.TempDir())
	select {}
}

// readLine reads r up to its first newline.
func readLine(r io.Reader) (string, error) {
	var b strings.Builder
	buf := make([]byte, 1)
	for {
		if _, err := r.Read(buf); err != nil {
			return b.String(), err
		}
		if buf[0] == '\n' {
			return b.String(), nil
		}
		b.WriteByte(buf[0])
	}
}

// waitGone waits up to WaitTimeout for process pid to end: gone, or a
// zombie nobody reaped (a container's first process may not).
func waitGone(pid int) bool {
	deadline := time.Now().Add(WaitTimeout)
	for time.Now().Before(deadline) {
		stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil || processState(string(stat)) == "Z" {
			return true
		}
		time.Sleep(20 * time.Millisecond)
	}
	return false
}

// processState is the state field of a /proc/PID/stat line, which follows
// the command name in parentheses.
func processState(stat string) string {
	_, rest, _ := strings.Cut(stat[strings.LastIndex(stat, ")")+1:], " ")
	state, _, _ := strings.Cut(rest, " ")
	return state
}
