package console

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/salesforce"
)

// ---- Overview ----

type health struct {
	Name, State, Value, Detail string
}

type overviewData struct {
	Version, Driver, ServerVersion string
	Started, SchemaLoaded          time.Time
	Sets, Hidden                   int
	MetricsOff                     bool
	Health                         []health
	Now                            Snapshot
	// Windows: rate over the last minute, the rest over the last five.
	Rate, ErrRatio, HitRatio, P50, P99 float64
	HitRatioAll                        float64
	DBErrors                           float64
	Charts                             []chart
	Root                               string
	Window                             string
	RedisAddr                          string
}

func (c *Console) overview(w http.ResponseWriter, r *http.Request, who string) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	svc := c.o.Live.Load()
	d := overviewData{Version: c.o.Version, Driver: c.o.Driver, Started: c.started, SchemaLoaded: c.schemaTime(),
		Sets: len(svc.Catalog.Tables), Hidden: len(svc.Catalog.Hidden), MetricsOff: c.o.Metrics == nil, Root: c.o.BasePath + "/", RedisAddr: c.o.RedisAddr}
	if c.o.PublicURL != "" {
		d.Root = c.o.PublicURL
	}
	if d.Version == "" {
		d.Version = "(devel)"
	}
	d.ServerVersion = c.serverVersion(ctx)
	d.Health = append(d.Health, c.dbHealth(ctx))
	var snap Snapshot
	var snapErr error = errNoMetrics
	if c.o.Metrics != nil {
		snap, snapErr = gather(c.o.Metrics.Gatherer(), time.Now())
	}
	for _, name := range knownFeatures {
		if h, ok := c.counterFeature(name, snap, snapErr); ok {
			d.Health = append(d.Health, h)
			continue
		}
		d.Health = append(d.Health, c.feature(ctx, name))
	}
	for _, f := range c.o.Features {
		if !contains(knownFeatures, f.Name) {
			d.Health = append(d.Health, c.feature(ctx, f.Name))
		}
	}
	if c.o.Metrics != nil {
		now := snap.At
		cur, err := snap, snapErr
		if err == nil {
			d.Now = cur
			start := Snapshot{At: c.started, DBErrors: map[string]float64{}}
			minute, ok1 := c.hist.since(now, time.Minute+SampleInterval/2)
			five, ok5 := c.hist.since(now, 5*time.Minute+SampleInterval/2)
			if !ok1 {
				minute = start
			}
			if !ok5 {
				five = start
			}
			d.Window = "last " + fmtAgo(five.At)
			if five.At.Equal(minute.At) || now.Sub(five.At) < 2*time.Second {
				five = start // too short a window: since start
				d.Window = "since start"
			}
			if now.Sub(minute.At) < 2*time.Second {
				minute = start
			}
			w1, w5 := between(minute, cur), between(five, cur)
			all := between(start, cur)
			d.Rate, d.ErrRatio, d.HitRatio = w1.rate(), w5.errorRatio(), w5.hitRatio()
			d.P50, d.P99 = quantile(0.5, w5.Latency), quantile(0.99, w5.Latency)
			d.HitRatioAll = all.hitRatio()
			for _, v := range cur.DBErrors {
				d.DBErrors += v
			}
			samples := append(c.hist.all(), cur)
			span := now.Sub(samples[0].At).Round(time.Minute)
			span = min(max(span, 5*time.Minute), time.Hour)
			d.Charts = []chart{
				drawChart("Requests per second", seriesOf(samples, window.rate), now, span, fmtRate, 1),
				drawChart("p99 latency", seriesOf(samples, func(w window) float64 { return quantile(0.99, w.Latency) }), now, span, fmtMs, 0.01),
				drawChart("Server errors (5xx)", seriesOf(samples, window.errorRatio), now, span, fmtPct, 0.05),
				drawChart("Cache hit ratio", seriesOf(samples, window.hitRatio), now, span, fmtPct, 1),
			}
			if cur.HasChangeFeed {
				d.Charts = append(d.Charts, drawChart("Change-feed lag", gaugeOf(samples, func(s Snapshot) float64 {
					if !s.HasChangeFeed {
						return math.NaN()
					}
					return s.ChangeLag
				}), now, span, fmtSeconds, 10))
			}
			if cur.HasRedis {
				d.Charts = append(d.Charts, drawChart("Redis up", gaugeOf(samples, func(s Snapshot) float64 {
					if !s.HasRedis {
						return math.NaN()
					}
					return s.RedisUp
				}), now, span, fmtUp, 1))
			}
		} else {
			d.MetricsOff = true
		}
	}
	c.render(w, r, http.StatusOK, "overview", "Overview", d, who)
}

// serverVersion asks the database for its version at most once a minute.
func (c *Console) serverVersion(ctx context.Context) string {
	if c.o.ServerVersion == nil {
		return "version not reported by the adapter"
	}
	c.verMu.Lock()
	defer c.verMu.Unlock()
	if c.ver != "" && time.Since(c.verAt) < time.Minute {
		return c.ver
	}
	v, err := c.o.ServerVersion(ctx)
	if err != nil || v == "" {
		return "version unknown (the database did not answer)"
	}
	c.ver, c.verAt = v, time.Now()
	return v
}

func (c *Console) dbHealth(ctx context.Context) health {
	h := health{Name: "Database", State: "ok", Value: "answers"}
	if c.o.Ready == nil {
		h.Value = "not checked"
		h.State = "off"
		return h
	}
	start := time.Now()
	if err := c.o.Ready(ctx); err != nil {
		// The error text may name the host; the log has it, the page does not.
		c.o.Log.Warn("console: readiness check failed", "error", err.Error())
		return health{Name: "Database", State: "bad", Value: "not ready", Detail: "the database did not answer a ping within 2 s; /ready answers 503 and the gateway's log says why"}
	}
	h.Value = "answers in " + fmtMs(time.Since(start).Seconds())
	return h
}

var errNoMetrics = errors.New("metrics off")

// counterFeature is a known feature's line read from the /metrics counters, when the
// gateway registers them (tracking on, Redis configured) and no Feature overrides it.
func (c *Console) counterFeature(name string, s Snapshot, err error) (health, bool) {
	if err != nil {
		return health{}, false
	}
	for _, f := range c.o.Features {
		if f.Name == name && f.Status != nil {
			return health{}, false
		}
	}
	switch name {
	case "Change feed":
		return changeFeedHealth(s)
	case "Redis":
		return redisHealth(s, c.o.RedisAddr)
	}
	return health{}, false
}

func (c *Console) feature(ctx context.Context, name string) health {
	for _, f := range c.o.Features {
		if f.Name == name && f.Status != nil {
			st := f.Status(ctx)
			return health{Name: name, State: st.State, Value: st.Value, Detail: st.Detail}
		}
	}
	return health{Name: name, State: "off", Value: "not configured"}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ---- Entity sets ----

type setView struct {
	Name, Kind, Table, Key, ETag, Searchable string
	Writable, KeyConfigured                  bool
	Relationships                            int // navigation properties
	Columns                                  []columnView
	Navs                                     []navView
	Relations                                []relationView // foreign keys to tables not served
	Tracked                                  bool
	TrackSource                              string
	Sample, Count                            string
}

type columnView struct {
	Column, SQLType, Property, EDMType string
	Key, Nullable                      bool
	Notes                              string
}

type relationView struct {
	Direction, Columns, Other, OtherSet, OtherColumns string
}

type hiddenView struct {
	Table, Reason, YAML string
}

type setsData struct {
	Sets     []setView
	Hidden   []hiddenView
	Base     string
	Metadata string
	Tracking bool // -track-changes is on (some set is tracked)
}

func (c *Console) sets(w http.ResponseWriter, r *http.Request, who string) {
	svc := c.o.Live.Load()
	cat := svc.Catalog
	d := setsData{Tracking: svc.Changes != nil, Base: c.o.BasePath + "/", Metadata: c.o.BasePath + "/$metadata"}
	byTable := map[string]*catalog.Table{}
	for _, t := range cat.Tables {
		byTable[tableKey(t.Schema, t.Name)] = t
	}
	for _, t := range cat.Tables {
		v := setView{Name: t.SetName, Kind: "table", Table: qualified(t.Schema, t.Name), Writable: t.Writable,
			Sample: c.o.BasePath + "/" + t.SetName + "?$top=5", Count: c.o.BasePath + "/" + t.SetName + "/$count"}
		if t.IsView {
			v.Kind = "view"
		}
		v.Key = props(t.Key)
		v.KeyConfigured = !sameColumns(t.PrimaryKey, t.Key)
		v.Searchable = props(t.Searchable)
		if t.ETag != nil {
			v.ETag = t.ETag.Prop
		}
		for _, col := range t.Columns {
			cv := columnView{Column: col.Name, SQLType: col.SQLType, Property: col.Prop, EDMType: edmType(col),
				Nullable: col.Nullable, Key: inKey(t, col)}
			var notes []string
			if col.AutoIncrement {
				notes = append(notes, "generated key")
			}
			if col.Generated {
				notes = append(notes, "computed")
			}
			if col == t.ETag {
				notes = append(notes, "ETag")
			}
			cv.Notes = strings.Join(notes, ", ")
			v.Columns = append(v.Columns, cv)
		}
		v.Navs = navViews(t)
		for _, fk := range t.ForeignKeys { // keys to tables not served give no navigation property
			if byTable[tableKey(fk.RefSchema, fk.RefTable)] == nil {
				v.Relations = append(v.Relations, relationView{Direction: "references", Columns: strings.Join(fk.Columns, ", "),
					Other: qualified(fk.RefSchema, fk.RefTable), OtherColumns: strings.Join(fk.RefColumns, ", ")})
			}
		}
		v.Tracked, v.TrackSource = trackingOf(svc, t.SetName)
		v.Relationships = len(v.Navs)
		d.Sets = append(d.Sets, v)
	}
	for _, h := range cat.Hidden {
		d.Hidden = append(d.Hidden, hiddenView{Table: qualified(h.Schema, h.Name), Reason: h.Reason, YAML: publishYAML(h)})
	}
	c.render(w, r, http.StatusOK, "sets", "Entity sets", d, who)
}

// publishYAML is the -config snippet that would serve a hidden table.
func publishYAML(h catalog.HiddenTable) string {
	name := h.Name
	if !isIdent(name) {
		name = strconv.Quote(name)
	}
	if h.Reason == "hidden by configuration" {
		return "tables:\n  " + name + ":\n    hidden: false   # or delete the hidden line\n"
	}
	return "tables:\n  " + name + ":\n    key: [column1, column2]   # the columns that identify one row\n"
}

// sameColumns reports whether the database's primary key is the served key; when not,
// the key comes from the configuration (a view, a key-less table).
func sameColumns(names []string, cols []*catalog.Column) bool {
	if len(names) != len(cols) {
		return false
	}
	for i, c := range cols {
		if c.Name != names[i] {
			return false
		}
	}
	return true
}

func tableKey(schema, name string) string { return schema + "\x00" + name }

func qualified(schema, name string) string {
	if schema == "" {
		return name
	}
	return schema + "." + name
}

func props(cols []*catalog.Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Prop
	}
	return strings.Join(names, ", ")
}

func inKey(t *catalog.Table, col *catalog.Column) bool {
	for _, k := range t.Key {
		if k == col {
			return true
		}
	}
	return false
}

func edmType(col *catalog.Column) string {
	s := string(col.Type)
	switch {
	case col.Type == "Edm.Decimal" && col.Precision > 0:
		s += fmt.Sprintf("(%d,%d)", col.Precision, col.Scale)
	case (col.Type == "Edm.String" || col.Type == "Edm.Binary") && col.MaxLength > 0:
		s += fmt.Sprintf("(%d)", col.MaxLength)
	}
	return s
}

// ---- Requests ----

type requestView struct {
	Time                    time.Time
	Method, URL, Set, Cache string
	Status                  int
	Ms                      float64
	Rows                    int64
	Parse, Plan, DB, Encode float64
	HasStages               bool
}

type requestsData struct {
	Requests    []requestView
	Total       int
	Slow        []SlowQuery
	SlowOff     bool
	SlowAt      string
	Sets        []string
	Set, Status string
	Statuses    []string
	RingSize    int
}

func (c *Console) requests(w http.ResponseWriter, r *http.Request, who string) {
	cat := c.o.Live.Load().Catalog
	q := r.URL.Query()
	d := requestsData{Set: q.Get("set"), Status: q.Get("status"), Statuses: []string{"2xx", "3xx", "4xx", "5xx"},
		RingSize: len(c.ring.slots), SlowOff: c.o.SlowQuery <= 0, SlowAt: c.o.SlowQuery.String()}
	for _, t := range cat.Tables {
		d.Sets = append(d.Sets, t.SetName)
	}
	if d.Set != "" && cat.Set(d.Set) == nil && d.Set != "$metadata" {
		d.Set = ""
	}
	if !contains(d.Statuses, d.Status) {
		d.Status = ""
	}
	all := c.ring.Recent()
	d.Total = len(all)
	for _, e := range all {
		if d.Set != "" && e.EntitySet != d.Set || d.Status != "" && strconv.Itoa(e.Status/100)+"xx" != d.Status {
			continue
		}
		rv := requestView{Time: e.Time, Method: e.Method, URL: MaskURL(e.Path, e.Query), Set: e.EntitySet, Cache: e.Cache,
			Status: e.Status, Ms: e.Duration.Seconds(), Rows: e.Rows,
			Parse: e.Parse.Seconds(), Plan: e.Plan.Seconds(), DB: e.DB.Seconds(), Encode: e.Encode.Seconds()}
		rv.HasStages = e.Parse+e.Plan+e.DB+e.Encode > 0
		d.Requests = append(d.Requests, rv)
	}
	var table string
	if d.Set != "" {
		if t := cat.Set(d.Set); t != nil {
			table = t.Name
		}
	}
	for _, s := range c.slow.recent() {
		if table != "" && !mentions(s.SQL, table) || d.Status == "5xx" && !s.Failed {
			continue
		}
		d.Slow = append(d.Slow, s)
	}
	c.render(w, r, http.StatusOK, "requests", "Requests", d, who)
}

// mentions reports whether SQL names table as a quoted or bare identifier.
func mentions(sql, table string) bool {
	for _, q := range []string{`"` + table + `"`, "`" + table + "`", "[" + table + "]", " " + table + " "} {
		if strings.Contains(sql, q) {
			return true
		}
	}
	return false
}

// ---- Salesforce ----

type check struct {
	Name, State, Text, Fix string
}

type salesforceData struct {
	URL        string
	URLDerived bool
	Fields     [][2]string
	FieldsErr  string
	Checks     []check
	ToFix      int
	AuthHelp   string
	Name       string
	Pagination string
}

func (c *Console) settings(r *http.Request) (salesforce.Settings, bool) {
	s := c.o.Salesforce
	s.URL, s.PageSize = c.o.PublicURL, c.o.MaxPageSize
	derived := false
	if s.URL == "" {
		scheme := "http"
		if c.secure(r) {
			scheme = "https"
		}
		s.URL, derived = scheme+"://"+r.Host+c.o.BasePath+"/", true
	}
	if n := r.URL.Query().Get("name"); n != "" {
		s.Name = n
	}
	if p := r.URL.Query().Get("pagination"); p == "SERVER" || p == "CLIENT" {
		s.Pagination = p
	}
	return s, derived
}

func (c *Console) salesforcePage(w http.ResponseWriter, r *http.Request, who string) {
	s, derived := c.settings(r)
	d := salesforceData{URL: s.URL, URLDerived: derived, Name: s.Name, Pagination: s.Pagination}
	if d.Name == "" {
		d.Name = "odatagw"
	}
	if d.Pagination == "" {
		d.Pagination = "CLIENT"
	}
	if f, err := salesforce.Fields(s); err != nil {
		d.FieldsErr = err.Error()
	} else {
		d.Fields = f
	}
	d.Checks = c.checklist(s, derived)
	for _, ch := range d.Checks {
		if ch.State != "ok" {
			d.ToFix++
		}
	}
	d.AuthHelp = authHelp(s)
	c.render(w, r, http.StatusOK, "salesforce", "Salesforce", d, who)
}

// checklist says what stands between this configuration and a working External Data
// Source, and how to fix each item.
func (c *Console) checklist(s salesforce.Settings, derived bool) []check {
	var out []check
	switch {
	case derived:
		out = append(out, check{"HTTPS public URL", "bad", "-public-url is not set; the service root below is only how this browser reached the gateway.",
			"Run the gateway with -public-url https://gw.example.com" + c.o.BasePath + "/ (the address Salesforce can reach, behind TLS)."})
	case !strings.HasPrefix(s.URL, "https://"):
		out = append(out, check{"HTTPS public URL", "bad", "The public URL is not https://: credentials and data would cross the internet in clear text, and Salesforce refuses http:// endpoints for named principals.",
			"Put TLS in front (-tls-cert/-tls-key, or a proxy) and set -public-url to the https:// address."})
	default:
		out = append(out, check{"HTTPS public URL", "ok", "Salesforce calls " + s.URL, ""})
	}
	switch s.Auth {
	case salesforce.AuthNone:
		out = append(out, check{"Authentication", "bad", "None: anyone who can reach the URL reads the data.",
			"Configure -basic-auth user:password (Identity Type Named Principal, protocol Password), -api-keys, or -jwt-jwks-url."})
	case salesforce.AuthBasic:
		out = append(out, check{"Authentication", "ok", "HTTP Basic: enter a -basic-auth user and password in the data source.", ""})
	case salesforce.AuthJWT:
		out = append(out, check{"Authentication", "ok", "OAuth bearer tokens (JWT) through a Named Credential.", ""})
	case salesforce.AuthAPIKey:
		out = append(out, check{"Authentication", "ok", "API key in the " + s.APIKeyHeader + " header.", ""})
	}
	switch {
	case s.Writable && !s.CSRF:
		out = append(out, check{"CSRF", "warn", "Some entity sets are writable but CSRF tokens are off.",
			"Run with -csrf and tick CSRF Protection in the data source (Anti-CSRF Token Name " + s.CSRFHeader + ")."})
	case s.CSRF:
		out = append(out, check{"CSRF", "ok", "CSRF tokens are on; tick CSRF Protection in the data source.", ""})
	default:
		out = append(out, check{"CSRF", "ok", "Not needed: every entity set is read-only.", ""})
	}
	if c.o.MaxPageSize > 2000 {
		out = append(out, check{"Page size", "warn", fmt.Sprintf("-max-page-size is %d; Salesforce's server-driven pagination takes pages of at most 2,000 rows.", c.o.MaxPageSize),
			"Run with -max-page-size 2000, or keep Server Driven Pagination off."})
	} else {
		out = append(out, check{"Page size", "ok", fmt.Sprintf("Pages hold at most %s rows.", fmtInt(float64(c.o.MaxPageSize))), ""})
	}
	const sfMax = 8 << 20
	if c.o.MaxPageBytes <= 0 || c.o.MaxPageBytes > sfMax-64<<10 {
		out = append(out, check{"Byte cap", "bad", fmt.Sprintf("-max-page-bytes is %s; Salesforce rejects responses over 8 MB.", fmtBytes(float64(c.o.MaxPageBytes))),
			"Run with -max-page-bytes 7340032 (7 MiB): a page stops early with a next link."})
	} else {
		out = append(out, check{"Byte cap", "ok", fmt.Sprintf("Pages stop at %s, under Salesforce's 8 MB.", fmtBytes(float64(c.o.MaxPageBytes))), ""})
	}
	return out
}

func authHelp(s salesforce.Settings) string {
	switch s.Auth {
	case salesforce.AuthBasic:
		return "Under Administrative User, enter one -basic-auth user name and its password; they are not in the package."
	case salesforce.AuthJWT:
		return fmt.Sprintf("Create an Auth. Provider for your OAuth issuer and a Named Credential named %q with URL %s (External Credential: OAuth 2.0, the -jwt-audience as scope). The data source calls through it.", s.Name, s.URL)
	case salesforce.AuthAPIKey:
		return fmt.Sprintf("After deploying, add a Custom HTTP Header %q whose value is the API key (a string formula in quotes).", s.APIKeyHeader)
	}
	return "No authentication is configured: fix that first (see the checklist)."
}

// packageZip serves the Metadata API package the `salesforce -out` command writes, as
// a zip for `sf project deploy start --metadata-zip`.
func (c *Console) packageZip(w http.ResponseWriter, r *http.Request, who string) {
	s, _ := c.settings(r)
	p, err := salesforce.PackageXML(s)
	var ds []byte
	if err == nil {
		ds, err = salesforce.DataSourceXML(s)
	}
	if err != nil {
		c.render(w, r, http.StatusBadRequest, "message", "Package", message{Title: "The package cannot be built", Text: err.Error(), Back: Prefix + "salesforce"}, who)
		return
	}
	_ = s.Validate() // defaults (the name) for the file names
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range []struct {
		name string
		body []byte
	}{{"package.xml", p}, {"externalDataSources/" + s.Name + ".dataSource", ds}} {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: time.Now()})
		if err == nil {
			_, err = fw.Write(f.body)
		}
		if err != nil {
			http.Error(w, "zip: "+err.Error(), http.StatusInternalServerError)
			return
		}
	}
	if err := zw.Close(); err != nil {
		http.Error(w, "zip: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", `attachment; filename="`+s.Name+`-salesforce-package.zip"`)
	_, _ = w.Write(buf.Bytes())
}

// ---- Actions ----

type actionsData struct {
	CanReload bool
	Last      *reloadResult
	Sets      int
}

func (c *Console) actions(w http.ResponseWriter, r *http.Request, who string) {
	d := actionsData{CanReload: c.o.Reload != nil, Last: c.lastReload.Load(), Sets: len(c.o.Live.Load().Catalog.Tables)}
	c.render(w, r, http.StatusOK, "actions", "Actions", d, who)
}

func (c *Console) reload(w http.ResponseWriter, r *http.Request, who string) {
	if c.o.Reload == nil {
		c.render(w, r, http.StatusNotFound, "message", "Actions", message{Title: "Reload is not available", Back: Prefix + "actions"}, who)
		return
	}
	was := len(c.o.Live.Load().Catalog.Tables)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	start := time.Now()
	err := c.o.Reload(ctx)
	if c.o.Metrics != nil {
		c.o.Metrics.Reload(err == nil)
	}
	res := &reloadResult{At: time.Now(), OK: err == nil, Was: was, Sets: len(c.o.Live.Load().Catalog.Tables), Duration: time.Since(start)}
	c.lastReload.Store(res)
	if err == nil {
		c.noteSchema(res.At)
	} else {
		c.o.Log.Error("console: schema reload failed", "error", err.Error())
	}
	// Post/redirect/get: a browser refresh must not reload again.
	http.Redirect(w, r, Prefix+"actions", http.StatusSeeOther)
}
