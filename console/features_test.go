package console_test

import (
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// trackingConfig is a -config file that tracks the demo's orders by a column.
func trackingConfig(t *testing.T) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "tables.yaml")
	if err := os.WriteFile(f, []byte("tables:\n  orders: {changed-at: OrderNo}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// Without -track-changes and -redis-url the overview says both are not configured and
// draws no chart for them; the entity-set page says tracking is off.
func TestConsoleFeaturesOff(t *testing.T) {
	g := startDemo(t)
	base := "http://" + g.Addr + "/console/"
	_, _, ov := do(t, client(nil), "GET", base, "", nil)
	for _, name := range []string{"Change feed", "Redis"} {
		if !regexp.MustCompile(`<strong>` + name + `</strong> <span>not configured</span>`).MatchString(ov) {
			t.Errorf("overview: %s is not 'not configured'", name)
		}
	}
	if strings.Contains(ov, "Change-feed lag") || strings.Contains(ov, "odatagw_redis_up") {
		t.Errorf("overview shows change-feed or Redis numbers with both off")
	}
	_, _, sets := do(t, client(nil), "GET", base+"sets", "", nil)
	if strings.Contains(sets, `data-tracked="true"`) || !strings.Contains(sets, "<code>-track-changes</code> is not set") {
		t.Errorf("entity-set page shows tracking with -track-changes off")
	}
}

// With tracking on and a Redis that does not answer (port 1, a password in the URL):
// the overview's change-feed and Redis numbers equal /metrics, Redis shows down with
// host:port/db and never the password; the entity-set page shows orders tracked by
// column, other sets not, and lists each set's navigation properties as $metadata does.
func TestConsoleFeaturesOn(t *testing.T) {
	const pw = "Pw9SecretRedis"
	g := startDemo(t, "-config", trackingConfig(t), "-track-changes", "column", "-redis-url", "redis://user:"+pw+"@127.0.0.1:1/5")
	base := "http://" + g.Addr + "/console/"
	_, _, ov := do(t, client(nil), "GET", base, "", nil)
	scraped := scrape(t, get(t, "http://"+g.Addr+"/metrics"))
	if strings.Contains(ov, pw) || strings.Contains(ov, "user:") {
		t.Fatalf("the overview shows the Redis URL's credentials")
	}
	if !regexp.MustCompile(`<strong>Redis</strong> <span>down</span>`).MatchString(ov) || !strings.Contains(ov, "127.0.0.1:1/5") {
		t.Errorf("overview does not show Redis down at 127.0.0.1:1/5")
	}
	if !regexp.MustCompile(`<strong>Change feed</strong> <span>lag [0-9.]+ s</span>`).MatchString(ov) {
		t.Errorf("overview does not show the change-feed lag")
	}
	for _, chart := range []string{"Change-feed lag", "Redis up"} {
		if !strings.Contains(ov, `aria-label="`+chart+` over the last`) {
			t.Errorf("overview lacks the %s chart", chart)
		}
	}
	shown := dataMetrics(ov)
	for _, m := range []string{"odatagw_redis_up", "odatagw_delta_requests_total", "odatagw_change_events_read_total"} {
		v, ok := shown[m]
		if !ok {
			t.Errorf("overview does not show %s", m)
			continue
		}
		if v != scraped(m) {
			t.Errorf("overview %s = %v, /metrics %v", m, v, scraped(m))
		}
	}
	if _, ok := shown["odatagw_change_feed_lag_seconds"]; !ok {
		t.Errorf("overview does not show odatagw_change_feed_lag_seconds")
	}

	_, _, sets := do(t, client(nil), "GET", base+"sets", "", nil)
	tracked := regexp.MustCompile(`(?s)<details class="card set" id="set-([^"]+)">.*?data-tracked="(true|false)">(.*?)</dd>`).FindAllStringSubmatch(sets, -1)
	if len(tracked) == 0 {
		t.Fatalf("no tracking lines on the entity-set page")
	}
	for _, m := range tracked {
		on := m[2] == "true"
		if on != (m[1] == "orders") {
			t.Errorf("set %s tracked = %v", m[1], on)
		}
		if on && !strings.Contains(m[3], "source <code>column</code>") {
			t.Errorf("orders tracking line %q does not name the column source", m[3])
		}
	}
	listed, want := pageNavs(sets), metadataNavs(t, get(t, g.URL+"$metadata"))
	t.Logf("%d navigation properties, e.g. %v; %d tracking lines", len(listed), listed[:min(3, len(listed))], len(tracked))
	if len(want) == 0 || !slices.Equal(listed, want) {
		t.Errorf("entity-set page navigation properties\n%v\n$metadata\n%v", listed, want)
	}
}

var dataMetricRE = regexp.MustCompile(`data-metric="([^"]+)" data-value="([^"]*)"`)

func dataMetrics(page string) map[string]float64 {
	out := map[string]float64{}
	for _, m := range dataMetricRE.FindAllStringSubmatch(page, -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		out[strings.ReplaceAll(m[1], "&#34;", `"`)] = v
	}
	return out
}

var setNavRE = regexp.MustCompile(`(?s)<details class="card set" id="set-([^"]+)">(.*?)</details>`)
var navRowRE = regexp.MustCompile(`data-nav="([^"]+)" data-target="([^"]+)"><td><strong>[^<]*</strong></td><td><a[^>]*>[^<]*</a></td><td>(to-[a-z]+)`)

// pageNavs lists "set.nav → target one|many" from the entity-set page, sorted.
func pageNavs(page string) []string {
	var out []string
	for _, s := range setNavRE.FindAllStringSubmatch(page, -1) {
		for _, n := range navRowRE.FindAllStringSubmatch(s[2], -1) {
			out = append(out, s[1]+"."+n[1]+" → "+n[2]+" "+strings.TrimPrefix(n[3], "to-"))
		}
	}
	slices.Sort(out)
	return out
}

// metadataNavs lists "set.nav → target one|many" from $metadata: each EntitySet's
// type's NavigationProperty, the target set from its NavigationPropertyBinding.
func metadataNavs(t *testing.T, doc string) []string {
	t.Helper()
	type nav struct {
		Name string `xml:"Name,attr"`
		Type string `xml:"Type,attr"`
	}
	type etype struct {
		Name string `xml:"Name,attr"`
		Navs []nav  `xml:"NavigationProperty"`
	}
	type binding struct {
		Path   string `xml:"Path,attr"`
		Target string `xml:"Target,attr"`
	}
	type eset struct {
		Name     string    `xml:"Name,attr"`
		Type     string    `xml:"EntityType,attr"`
		Bindings []binding `xml:"NavigationPropertyBinding"`
	}
	var m struct {
		Schemas []struct {
			Types     []etype `xml:"EntityType"`
			Container struct {
				Sets []eset `xml:"EntitySet"`
			} `xml:"EntityContainer"`
		} `xml:"DataServices>Schema"`
	}
	if err := xml.NewDecoder(strings.NewReader(doc)).Decode(&m); err != nil && err != io.EOF {
		t.Fatal(err)
	}
	types := map[string]etype{}
	var sets []eset
	for _, s := range m.Schemas {
		for _, et := range s.Types {
			types[et.Name] = et
		}
		sets = append(sets, s.Container.Sets...)
	}
	var out []string
	for _, s := range sets {
		et := types[s.Type[strings.LastIndex(s.Type, ".")+1:]]
		for _, n := range et.Navs {
			card := "one"
			if strings.HasPrefix(n.Type, "Collection(") {
				card = "many"
			}
			target := "?"
			for _, b := range s.Bindings {
				if b.Path == n.Name {
					target = b.Target
				}
			}
			out = append(out, s.Name+"."+n.Name+" → "+target+" "+card)
		}
	}
	slices.Sort(out)
	return out
}
