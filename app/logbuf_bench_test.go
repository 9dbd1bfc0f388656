package app

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
)

// The access-log line of a request, written straight to a file (one write(2) per
// line under slog's lock) against through asyncLog: go test -run XXX -bench LogLine ./app
func BenchmarkLogLineFile(b *testing.B)  { benchLogLine(b, false) }
func BenchmarkLogLineAsync(b *testing.B) { benchLogLine(b, true) }

func benchLogLine(b *testing.B, async bool) {
	f, err := os.Create(filepath.Join(b.TempDir(), "access.log"))
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var w io.Writer = f
	if async {
		a := newAsyncLog(f, asyncLogBytes)
		defer func() {
			a.Close()
			b.ReportMetric(float64(a.Dropped()), "dropped")
		}()
		w = a
	}
	log := slog.New(slog.NewJSONHandler(w, nil))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			log.LogAttrs(context.Background(), slog.LevelInfo, "request",
				slog.String("request_id", "5f0c1d2e3a4b5c6d7e8f9a0b"), slog.String("method", "GET"),
				slog.String("path", "/odata/customers"), slog.Int("status", 200), slog.Int64("bytes", 2817),
				slog.Int64("rows", 26), slog.Float64("ms", 0.042), slog.String("entity_set", "customers"),
				slog.String("cache", "hit"))
		}
	})
}
