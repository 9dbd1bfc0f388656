package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/odatagw/odatagw/config"
)

// benchChanges serves a SQLite items table in column mode.
func benchChanges(b *testing.B, extra ...string) (*changeDB, *Gateway) {
	c := sqliteChangeDB(b)
	c.db.SetMaxOpenConns(1) // the writer: one connection that waits for the gateway's readers
	// The changed-at column indexed, as the README asks.
	for _, q := range []string{"PRAGMA journal_mode=WAL", "PRAGMA busy_timeout=10000", "CREATE INDEX items_ver ON items (ver, id)"} {
		if _, err := c.db.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	args := append(append([]string{"-listen", "127.0.0.1:0", "-log-level", "error"}, c.flags...), "-config", changeConfig(b),
		"-track-changes", "column", "-change-secret", changeSecret)
	cfg, err := config.Load(append(args, extra...), func(string) string { return "" }, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	g, err := Start(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { g.Stop() })
	return c, g
}

// fetch is a GET returning the status and body.
func fetch(b *testing.B, url string, hdr ...string) (int, string) {
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

// follow reads a chain of links to the end and returns the entities read.
func follow(b *testing.B, link string) int {
	n := 0
	for link != "" {
		status, body := fetch(b, link)
		if status != 200 {
			b.Fatalf("%s: %d %.200s", link, status, body)
		}
		n += strings.Count(body, `"id":`)
		i := strings.Index(body, `"@odata.nextLink":"`)
		if i < 0 {
			return n
		}
		link = body[i+len(`"@odata.nextLink":"`):]
		link = link[:strings.IndexByte(link, '"')]
	}
	return n
}

// BenchmarkDelta10k is the time of a delta request over 10,000 changed rows (all its
// pages), against the baseline of reading the same 10,000 rows as a plain collection
// (same pages, cache off) in the same run:
//
//	go test -run XXX -bench 'Delta10k' -benchtime 20x ./app
func BenchmarkDelta10k(b *testing.B) {
	c, g := benchChanges(b, "-cache-ttl", "0s")
	status, body := fetch(b, g.URL+"items?$top=0", "Prefer", "odata.track-changes")
	i := strings.Index(body, `"@odata.deltaLink":"`)
	if status != 200 || i < 0 {
		b.Fatalf("start: %d %s", status, body)
	}
	delta := body[i+len(`"@odata.deltaLink":"`):]
	delta = delta[:strings.IndexByte(delta, '"')]
	tx, _ := c.db.Begin()
	for id := 1000; id < 11000; id++ {
		if _, err := tx.Exec("INSERT INTO items (id, name, qty, ver) VALUES (?, ?, ?, ?)", id, fmt.Sprintf("row %d", id), id%97, c.next()); err != nil {
			b.Fatal(err)
		}
	}
	tx.Commit()
	b.Run("delta", func(b *testing.B) {
		for b.Loop() {
			if n := follow(b, delta); n != 10000 {
				b.Fatalf("delta read %d entities", n)
			}
		}
	})
	b.Run("baseline-collection", func(b *testing.B) {
		for b.Loop() {
			if n := follow(b, g.URL+"items?$filter=id%20ge%201000"); n != 10000 {
				b.Fatalf("collection read %d entities", n)
			}
		}
	})
}

// BenchmarkFeedLag is the time from another application's update to a cached page
// showing it, under a background write load of 1,000 rows/s, with -change-poll 100ms
// and -cache-ttl 60s; the poll interval is its floor. Reported as lag-ms (mean):
//
//	go test -run XXX -bench 'FeedLag' -benchtime 20x ./app
func BenchmarkFeedLag(b *testing.B) {
	c, g := benchChanges(b, "-cache-ttl", "60s", "-change-poll", "100ms")
	var stop atomic.Bool
	done := make(chan struct{})
	var ver, written atomic.Int64
	loadStart := time.Now()
	ver.Store(1 << 20)
	go func() { // 1,000 rows/s: every 10 ms, one transaction with the rows due
		defer close(done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		id := 100000
		for !stop.Load() {
			<-tick.C
			tx, err := c.db.Begin()
			if err != nil {
				continue
			}
			due := int64(time.Since(loadStart).Seconds()*1000) - written.Load() // catch up to 1,000 rows/s
			for k := int64(0); k < due; k++ {
				id++
				tx.Exec("INSERT INTO items (id, name, qty, ver) VALUES (?, 'load', 1, ?)", id, ver.Add(1))
			}
			if tx.Commit() == nil && due > 0 {
				written.Add(due)
			}
		}
	}()
	defer func() { stop.Store(true); <-done }()
	page := g.URL + "items?$filter=id%20eq%207"
	var total time.Duration
	n := 0
	for b.Loop() {
		fetch(b, page) // cached
		mark := fmt.Sprintf("mark %d", n)
		start := time.Now()
		if _, err := c.db.Exec("UPDATE items SET name = ?, ver = ? WHERE id = 7", mark, ver.Add(1)); err != nil {
			b.Fatal(err)
		}
		for {
			_, body := fetch(b, page)
			if strings.Contains(body, mark) {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		total += time.Since(start)
		n++
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(n), "lag-ms")
	b.ReportMetric(float64(total.Milliseconds())/float64(n)/100, "lag/poll")
	b.ReportMetric(float64(written.Load())/time.Since(loadStart).Seconds(), "load-rows/s")
}
