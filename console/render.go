package console

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// view is what every page template gets.
type view struct {
	Title  string
	Page   string
	Data   any
	CSRF   string // the form token of this caller; "" when signed out
	Open   bool   // no sign-in (loopback demo)
	Signed bool   // a session cookie: show "Sign out"
	Now    time.Time
	GoVer  string
}

var pageNames = []string{"overview", "sets", "requests", "salesforce", "actions", "login", "off", "message"}

var funcs = template.FuncMap{
	"int":     fmtInt,
	"bytes":   fmtBytes,
	"ms":      fmtMs,
	"secs":    fmtSeconds,
	"up":      fmtUp,
	"msn":     func(sec float64) string { return strings.TrimSuffix(fmtMs(sec), " ms") },
	"pct":     fmtPct,
	"rate":    fmtRate,
	"ago":     fmtAgo,
	"clock":   func(t time.Time) string { return t.UTC().Format("15:04:05") },
	"stamp":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05 UTC") },
	"raw":     func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) },
	"join":    strings.Join,
	"statusc": statusClass,
}

func parsePages() map[string]*template.Template {
	out := map[string]*template.Template{}
	for _, p := range pageNames {
		out[p] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+p+".html"))
	}
	return out
}

// render writes a page; the body is rendered into a buffer first so a template error
// becomes a clean 500 instead of half a page.
func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page, title string, data any, who string) {
	v := view{Title: title, Page: page, Data: data, Open: c.o.Open, Now: time.Now(), GoVer: runtime.Version()}
	if who != "" {
		v.CSRF = c.csrfToken(who)
		v.Signed = strings.HasPrefix(who, "s:")
	}
	var buf bytes.Buffer
	if err := c.pages[page].ExecuteTemplate(&buf, "layout.html", v); err != nil {
		c.o.Log.Error("console: rendering a page", "page", page, "error", err.Error())
		http.Error(w, "the console could not render this page; see the gateway's log", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type message struct {
	Title, Text string
	Back        string
}

func (c *Console) notFound(w http.ResponseWriter, r *http.Request) {
	who := c.who(r)
	if who == "" && !c.o.Open {
		c.guard(nil).ServeHTTP(w, r) // sign in first; do not reveal which pages exist
		return
	}
	c.render(w, r, http.StatusNotFound, "message", "Not found", message{Title: "No console page at this address", Back: Prefix}, who)
}

func fmtInt(f float64) string {
	if math.IsNaN(f) {
		return "—"
	}
	s := strconv.FormatInt(int64(math.Round(f)), 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func fmtBytes(f float64) string {
	switch {
	case math.IsNaN(f):
		return "—"
	case f >= 1<<30:
		return fmt.Sprintf("%.1f GiB", f/(1<<30))
	case f >= 1<<20:
		return fmt.Sprintf("%.1f MiB", f/(1<<20))
	case f >= 1<<10:
		return fmt.Sprintf("%.1f KiB", f/(1<<10))
	}
	return fmt.Sprintf("%.0f B", f)
}

// fmtMs formats seconds as milliseconds.
func fmtMs(sec float64) string {
	if math.IsNaN(sec) {
		return "—"
	}
	ms := sec * 1000
	switch {
	case ms >= 100:
		return fmt.Sprintf("%.0f ms", ms)
	case ms >= 10:
		return fmt.Sprintf("%.1f ms", ms)
	}
	return fmt.Sprintf("%.2f ms", ms)
}

func fmtPct(f float64) string {
	if math.IsNaN(f) {
		return "—"
	}
	if f > 0 && f < 0.001 {
		return "<0.1 %"
	}
	return fmt.Sprintf("%.1f %%", f*100)
}

func fmtRate(f float64) string {
	if math.IsNaN(f) {
		return "—"
	}
	if f < 10 {
		return fmt.Sprintf("%.2f/s", f)
	}
	return fmt.Sprintf("%.0f/s", f)
}

func fmtAgo(t time.Time) string {
	d := time.Since(t).Round(time.Second)
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm %ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh %dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd %dh", int(d.Hours())/24, int(d.Hours())%24)
}

func statusClass(st int) string {
	switch {
	case st >= 500:
		return "bad"
	case st >= 400:
		return "warn"
	}
	return "ok"
}
