package handlers

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"healthcheck/models"
	"healthcheck/testutil/zipbomb"
)

const rosterPage = "/admin/campaigns/2020/roster"

// bombBook is an .xlsx of about a megabyte whose sheet inflates to just over
// a gigabyte.
func bombBook(tb testing.TB) []byte {
	var b bytes.Buffer
	if _, _, err := zipbomb.XLSX(&b, 1<<30+1, "统一社会信用代码", "企业名称", "所属区县", "行业代码", "营业收入(万元)", "从业人员"); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// rejectedCSV is a roster CSV just under the upload limit: 100,000 rows (the
// row limit), every one refused on every column.
func rejectedCSV() []byte {
	var b bytes.Buffer
	b.WriteString("统一社会信用代码,企业名称,所属区县,行业代码,营业收入(万元),从业人员,联系人,联系电话,电子邮箱\r\n")
	pad := strings.Repeat("无", 36)
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&b, "NOT-A-CODE-%07d,%s,杭州市,C99,-1,many,x,phone,mail\r\n", i, pad)
	}
	return b.Bytes()
}

// TestRosterUploadsAreBounded: a zip bomb, a file of refused rows as large
// as an upload may be, a file over the row limit and one over the byte limit
// each get a clear message, and nothing is imported.
func TestRosterUploadsAreBounded(t *testing.T) {
	env := newTestEnv(t)
	cl := env.bureauClient()
	before := len(firmsOf(t, env))

	r := cl.upload(rosterPage, rosterPage, "bomb.xlsx", bombBook(t))
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "Excel 文件解压后有 1 GB，超过了 256 MB 的上限，未读取")

	file := rejectedCSV()
	if len(file) > uploadLimit || len(file) < uploadLimit*9/10 {
		t.Fatalf("test file is %d bytes, want just under %d", len(file), uploadLimit)
	}
	r = cl.upload(rosterPage, rosterPage, "rejected.csv", file)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "共 0 行可以导入", "100000 行不符合要求", "另有 99500 行被拒绝，未逐行列出",
		"第2行</td><td>统一社会信用代码</td>", "名录中有 100000 行不符合要求，未导入任何数据")
	if n := strings.Count(string(r.body), "<td class=\"num\">第"); n > 9*shownRows {
		t.Errorf("page lists %d cells of refused rows", n)
	}

	over := append(bytes.Clone(file), []byte("x,x\r\n")...)
	r = cl.upload(rosterPage, rosterPage, "over.csv", over)
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "名录超过 100000 行的上限（读到第100002行时停止），未导入任何数据")

	big := append(bytes.Clone(file), bytes.Repeat([]byte("\r\n"), uploadLimit-len(file)+1)...)
	r = cl.upload(rosterPage, rosterPage, "big.csv", big)
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "超过了上传名录 16 MB 的上限")

	if after := len(firmsOf(t, env)); after != before {
		t.Fatalf("roster went from %d to %d firms", before, after)
	}
}

func firmsOf(t *testing.T, env *testEnv) []models.FirmRow {
	t.Helper()
	rows, _, err := env.store.Firms(t.Context(), models.CityScope(), env.campaign.ID, models.FirmFilter{}, "", 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// zipDirectory reads a zip's directory: the least any reader of an .xlsx does.
func zipDirectory(data []byte) (int, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return 0, err
	}
	return len(zr.File), nil
}

// BenchmarkRosterUploadLimits uploads the zip bomb and the refused-rows CSV
// to the bureau's page (multipart parsing, reading, checking, the preview)
// beside a bare read of the same bytes (the zip's directory, and the CSV's
// records without checks) and a bare upload (a file of the header alone). peak-heap-MB is the most heap in use while the
// request ran; peak-rss-MB the process's resident size at its peak then.
func BenchmarkRosterUploadLimits(b *testing.B) {
	bomb, rejected := bombBook(b), rejectedCSV()
	// upload posts a file to the page; the form is built before the clock
	// starts.
	upload := func(b *testing.B, name string, file []byte, status int) {
		env := newTestEnv(b)
		cl := env.bureauClient()
		var body bytes.Buffer
		ctype := newMultipart(&body, cl.csrf(rosterPage), name, file)
		measure(b, func() {
			if r := cl.do("POST", rosterPage, ctype, bytes.NewReader(body.Bytes())); r.status != status {
				b.Fatalf("status %d", r.status)
			}
		})
	}
	b.Run("upload_zip_bomb", func(b *testing.B) { upload(b, "bomb.xlsx", bomb, http.StatusUnprocessableEntity) })
	b.Run("bare_zip_directory", func(b *testing.B) {
		measure(b, func() {
			if _, err := zipDirectory(bomb); err != nil {
				b.Fatal(err)
			}
		})
	})
	b.Run("upload_rejected_csv", func(b *testing.B) { upload(b, "rejected.csv", rejected, http.StatusOK) })
	// What any upload costs the server (session, form, page): a header alone.
	b.Run("bare_upload_header_only", func(b *testing.B) {
		upload(b, "header.csv", rejected[:bytes.IndexByte(rejected, '\n')+1], http.StatusOK)
	})
	b.Run("bare_csv_records", func(b *testing.B) {
		measure(b, func() {
			r := csv.NewReader(bytes.NewReader(rejected))
			r.ReuseRecord = true
			for {
				if _, err := r.Read(); err == io.EOF {
					break
				} else if err != nil {
					b.Fatal(err)
				}
			}
		})
	})
}

// measure runs op b.N times and reports the peak heap in use and the peak
// resident size, sampled every millisecond while op ran.
func measure(b *testing.B, op func()) {
	var peakHeap, peakRSS uint64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		runtime.GC()
		debug.FreeOSMemory()
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ms runtime.MemStats
			for {
				runtime.ReadMemStats(&ms)
				peakHeap = max(peakHeap, ms.HeapInuse)
				peakRSS = max(peakRSS, rss())
				select {
				case <-done:
					return
				case <-time.After(time.Millisecond):
				}
			}
		}()
		b.StartTimer()
		op()
		b.StopTimer()
		close(done)
		wg.Wait()
	}
	b.ReportMetric(float64(peakHeap)/(1<<20), "peak-heap-MB")
	b.ReportMetric(float64(peakRSS)/(1<<20), "peak-rss-MB")
}

// rss is the process's resident set size, from /proc (0 elsewhere).
func rss() uint64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) < 2 {
		return 0
	}
	pages, _ := strconv.ParseUint(f[1], 10, 64)
	return pages * uint64(os.Getpagesize())
}
