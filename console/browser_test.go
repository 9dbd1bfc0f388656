package console_test

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/odatagw/odatagw/app"
	"github.com/odatagw/odatagw/config"
)

// findChromium returns Debian's Chromium (or another Chrome) or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startDemo runs the demo gateway on a free loopback port with args added.
func startDemo(t *testing.T, args ...string) *app.Gateway {
	t.Helper()
	cfg, err := config.Load(append([]string{"-listen", "127.0.0.1:0", "-log-level", "error"}, args...), func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	g, err := app.Start(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Stop() })
	return g
}

func get(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, b)
	}
	return string(b)
}

// TestBrowser drives the console in headless Chromium: sign-in (a wrong token
// refused), every page without console errors or CSP violations, the overview's
// numbers against /metrics, the entity sets against $metadata, masking, the package
// download, and a schema reload. Screenshots go to the test's temp directory (or to
// $ODATAGW_SCREENSHOTS when set, to look at them).
func TestBrowser(t *testing.T) {
	chrome := findChromium()
	if chrome == "" {
		t.Skip("no Chromium found (apt-get install chromium); the console's browser test needs it")
	}
	const token = "console-test-admin-token-7f3a"
	args := []string{"-admin-token", token, "-config", trackingConfig(t), "-track-changes", "column"}
	redis := os.Getenv("ODATAGW_TEST_REDIS_URL") != ""
	if redis {
		args = append(args, "-redis-url", os.Getenv("ODATAGW_TEST_REDIS_URL"))
	}
	g := startDemo(t, args...)
	host := "http://" + g.Addr
	if redis { // cached pages are served once the subscription is up
		for deadline := time.Now().Add(15 * time.Second); scrape(t, get(t, host+"/metrics"))("odatagw_redis_up") != 1; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("odatagw_redis_up is not 1 with -redis-url %s", os.Getenv("ODATAGW_TEST_REDIS_URL"))
			}
		}
	}
	const secret = "Zebra4711Literal"
	// Traffic for the overview and the request list: reads, a filter whose literal
	// must never show, a cache hit, a 404.
	get(t, g.URL+"customers?$top=3")
	get(t, g.URL+"customers?$top=3")
	// With Redis a set's first lookup fetches its generation in the background (a miss
	// that is not stored): repeat until the cache serves the page.
	for deadline := time.Now().Add(15 * time.Second); redis && scrape(t, get(t, host+"/metrics"))(`odatagw_cache_lookups_total{result="hit"}`) < 1; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no cache hit with -redis-url")
		}
		get(t, g.URL+"customers?$top=3")
	}
	get(t, g.URL+"customers?$filter=CompanyName%20eq%20'"+secret+"'")
	http.Get(g.URL + "NoSuchSet")

	shots := t.TempDir()
	if d := os.Getenv("ODATAGW_SCREENSHOTS"); d != "" {
		shots = d
	}
	downloads := t.TempDir()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelA()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()

	if err := chromedp.Do(ctx); err != nil { // start the browser and open the tab
		t.Fatal(err)
	}
	var (
		mu       sync.Mutex
		problems []string
	)
	msgs := chromedp.Console(ctx) // console errors, exceptions, and the browser log (CSP violations land there)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.Type == chromedp.ConsoleException {
				mu.Lock()
				problems = append(problems, fmt.Sprintf("%s: %s (%s)", m.Type, m.Text, m.URL))
				mu.Unlock()
			}
		}
	}()
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			png, err := chromedp.FullScreenshot(100)(ctx, tg)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644)
		})
	}
	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("text of %s: %v", sel, err)
		}
		return s
	}

	// A wrong token is refused.
	run(t, ctx, "wrong token",
		chromedp.Navigate(host+"/console/"),
		chromedp.WaitVisible(chromedp.CSS("#token")),
		shot("login"),
		chromedp.SendKeys(chromedp.CSS("#token"), "not-the-token"),
		chromedp.Submit(chromedp.CSS("#token")),
		chromedp.WaitVisible(chromedp.CSS(".alert.bad")))
	if text := text("main"); !strings.Contains(text, "not the admin token") {
		t.Fatalf("a wrong token was not refused: %q", text)
	}
	if navs := eval[int](t, ctx, `document.querySelectorAll("nav a").length`); navs != 0 {
		t.Fatalf("the page after a wrong token shows the navigation")
	}

	// The refusal is a 401, which the browser logs; nothing else may be logged.
	mu.Lock()
	for _, p := range problems {
		if !strings.Contains(p, "401") || !strings.HasSuffix(p, "/console/login)") {
			t.Errorf("before sign-in: %s", p)
		}
	}
	problems = nil
	mu.Unlock()

	// Sign in, land on the overview.
	run(t, ctx, "sign in",
		chromedp.SetValue(chromedp.CSS("#token"), token),
		chromedp.Submit(chromedp.CSS("#token")),
		chromedp.WaitVisible(chromedp.CSS(".stats")),
		shot("overview"))

	// The overview's counters are those of /metrics (scraped right after; only the
	// console's own requests happen in between, and they count under entity set "-").
	shown := eval[map[string]string](t, ctx, `Object.fromEntries([...document.querySelectorAll("[data-metric]")].map(e => [e.dataset.metric, e.dataset.value]))`)
	scraped := scrape(t, get(t, host+"/metrics"))
	exact := []string{"odatagw_http_requests_total{entity_set!=\"-\"}", "odatagw_rows_served_total",
		"odatagw_cache_lookups_total{result=\"hit\"}", "odatagw_cache_lookups_total{result=\"miss\"}", "odatagw_cache_bytes",
		"odatagw_db_errors_total", "odatagw_http_requests_total{status=~\"5..\"}",
		"odatagw_delta_requests_total", "odatagw_change_events_read_total"} // tracking is on
	if redis {
		exact = append(exact, "odatagw_redis_up")
	}
	if _, ok := shown["odatagw_change_feed_lag_seconds"]; !ok { // a gauge that grows between polls: shown only
		t.Errorf("the overview does not show the change-feed lag (shows %v)", shown)
	}
	for _, m := range exact {
		v, ok := shown[m]
		if !ok {
			t.Errorf("the overview does not show %s (shows %v)", m, shown)
			continue
		}
		got, _ := strconv.ParseFloat(v, 64)
		if want := scraped(m); got != want {
			t.Errorf("overview %s = %v, /metrics says %v", m, got, want)
		}
	}
	if scraped("odatagw_cache_lookups_total{result=\"hit\"}") < 1 || scraped("odatagw_rows_served_total") < 3 {
		t.Errorf("the traffic did not register in /metrics: %v", shown)
	}

	// The entity-set page lists exactly what $metadata lists.
	run(t, ctx, "sets",
		chromedp.Click(chromedp.CSS(`nav a[href="/console/sets"]`)),
		chromedp.WaitVisible(chromedp.CSS("#set-list")),
		shot("sets"))
	listed := eval[[]string](t, ctx, `[...document.querySelectorAll("#set-list tr[data-set]")].map(e => e.dataset.set)`)
	want := metadataSets(t, get(t, g.URL+"$metadata"))
	slices.Sort(listed)
	if !slices.Equal(listed, want) || len(want) == 0 {
		t.Errorf("entity-set page lists %v, $metadata %v", listed, want)
	}
	// Its navigation properties are those $metadata lists, and orders is tracked.
	setsHTML, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if err != nil {
		t.Fatal(err)
	}
	if navs, wantNavs := pageNavs(setsHTML), metadataNavs(t, get(t, g.URL+"$metadata")); len(wantNavs) == 0 || !slices.Equal(navs, wantNavs) {
		t.Errorf("entity-set page navigation properties %v, $metadata %v", navs, wantNavs)
	}
	if tracked := eval[[]string](t, ctx, `[...document.querySelectorAll("details.set")].filter(d => d.querySelector("dd.tracking").dataset.tracked === "true").map(d => d.id)`); !slices.Equal(tracked, []string{"set-orders"}) {
		t.Errorf("tracked sets on the page: %v, want orders only", tracked)
	}
	run(t, ctx, "open a set",
		chromedp.Click(chromedp.CSS(`#set-customers > summary`)),
		chromedp.WaitVisible(chromedp.CSS(`#set-customers table.cols`)),
		shot("sets-open"))

	// Requests: the filter literal is masked.
	run(t, ctx, "requests",
		chromedp.Click(chromedp.CSS(`nav a[href="/console/requests"]`)),
		chromedp.WaitVisible(chromedp.CSS("table.requests")),
		shot("requests"))
	html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html")))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(html, secret) {
		t.Errorf("the requests page shows the filter literal %q", secret)
	}
	if !strings.Contains(text("table.requests"), "CompanyName eq '…'") {
		t.Errorf("the requests page does not show the masked filter")
	}
	run(t, ctx, "filter requests", chromedp.SetValue(chromedp.CSS(`select[name="status"]`), "4xx"))
	if _, err := chromedp.RunResponse(ctx, chromedp.Submit(chromedp.CSS(`select[name="status"]`))); err != nil {
		t.Fatal(err)
	}
	if text := text("table.requests tbody"); !strings.Contains(text, "404") || strings.Contains(text, "200") {
		t.Errorf("status filter 4xx shows %q", text)
	}

	// Salesforce: the package downloads and unzips.
	run(t, ctx, "salesforce",
		chromedp.Click(chromedp.CSS(`nav a[href="/console/salesforce"]`)),
		chromedp.WaitVisible(chromedp.CSS("#download")),
		shot("salesforce"))
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads}); err != nil {
		t.Fatal(err)
	}
	run(t, ctx, "download", chromedp.Click(chromedp.CSS("#download")))
	zipPath := waitFile(t, downloads, ".zip")
	checkPackage(t, zipPath)

	// Actions: reload the schema.
	run(t, ctx, "reload",
		chromedp.Click(chromedp.CSS(`nav a[href="/console/actions"]`)),
		chromedp.WaitVisible(chromedp.CSS("#reload")),
		chromedp.Click(chromedp.CSS("#reload")),
		chromedp.WaitVisible(chromedp.CSS("#reload-result")),
		shot("actions"))
	if text := text("#reload-result"); !strings.Contains(text, "Reloaded") {
		t.Errorf("reload says %q", text)
	}
	if n := scrape(t, get(t, host+"/metrics"))(`odatagw_schema_reloads_total{result="ok"}`); n != 1 {
		t.Errorf("schema_reloads_total{ok} = %v after one reload", n)
	}

	// On a phone.
	run(t, ctx, "phone",
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(host+"/console/"),
		chromedp.WaitVisible(chromedp.CSS(".stats")),
		shot("overview-phone"))
	if eval[bool](t, ctx, `document.documentElement.scrollWidth > window.innerWidth + 1`) {
		t.Errorf("the overview scrolls sideways on a 390 px phone")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(problems) > 0 {
		t.Errorf("browser console errors or CSP violations:\n%s", strings.Join(problems, "\n"))
	}
	t.Logf("screenshots in %s", shots)
}

func run(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

// scrape parses Prometheus text and returns a function that sums a series selected
// by name and at most one label matcher: l="v", l!="v" or l=~"5..".
func scrape(t *testing.T, text string) func(sel string) float64 {
	t.Helper()
	type sample struct {
		name   string
		labels map[string]string
		v      float64
	}
	var all []sample
	for _, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		sp := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[sp+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q", line)
		}
		s := sample{name: line[:sp], labels: map[string]string{}, v: v}
		if i := strings.IndexByte(s.name, '{'); i >= 0 {
			for _, kv := range strings.Split(strings.TrimSuffix(s.name[i+1:], "}"), ",") {
				k, val, _ := strings.Cut(kv, "=")
				s.labels[k] = strings.Trim(val, `"`)
			}
			s.name = s.name[:i]
		}
		all = append(all, s)
	}
	return func(sel string) float64 {
		name, matcher, _ := strings.Cut(strings.TrimSuffix(sel, "}"), "{")
		var sum float64
		for _, s := range all {
			if s.name != name {
				continue
			}
			ok := true
			switch {
			case strings.Contains(matcher, "!="):
				k, v, _ := strings.Cut(matcher, "!=")
				ok = s.labels[k] != strings.Trim(v, `"`)
			case strings.Contains(matcher, "=~"):
				k, v, _ := strings.Cut(matcher, "=~")
				ok = strings.HasPrefix(s.labels[k], strings.Trim(v, `".`))
			case matcher != "":
				k, v, _ := strings.Cut(matcher, "=")
				ok = s.labels[k] == strings.Trim(v, `"`)
			}
			if ok {
				sum += s.v
			}
		}
		return sum
	}
}

func metadataSets(t *testing.T, doc string) []string {
	t.Helper()
	var names []string
	dec := xml.NewDecoder(strings.NewReader(doc))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "EntitySet" {
			for _, a := range se.Attr {
				if a.Name.Local == "Name" {
					names = append(names, a.Value)
				}
			}
		}
	}
	slices.Sort(names)
	return names
}

func waitFile(t *testing.T, dir, suffix string) string {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		ents, _ := os.ReadDir(dir)
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), suffix) {
				return filepath.Join(dir, e.Name())
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no %s file was downloaded to %s", suffix, dir)
	return ""
}

func checkPackage(t *testing.T, path string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("the downloaded package does not unzip: %v", err)
	}
	defer zr.Close()
	found := map[string]bool{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		var root struct{ XMLName xml.Name }
		if err := xml.Unmarshal(b, &root); err != nil {
			t.Errorf("%s is not XML: %v", f.Name, err)
		}
		found[f.Name+" "+root.XMLName.Local] = true
	}
	for _, want := range []string{"package.xml Package", "externalDataSources/odatagw.dataSource ExternalDataSource"} {
		if !found[want] {
			t.Errorf("package lacks %s; has %v", want, found)
		}
	}
}
