package console

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"time"
)

// Charts: an hour of samples drawn as a small inline SVG on the server. The SVG uses
// presentation attributes and classes only (no style attribute), so the strict CSP
// holds, and it scales to the width of its box.

type chart struct {
	Title string
	Now   string // the latest value, formatted
	Max   string // the value of the top edge
	SVG   template.HTML
}

const chartW, chartH = 360.0, 64.0

// series is one value per interval between consecutive samples; NaN is a gap.
type point struct {
	at time.Time
	v  float64
}

func seriesOf(samples []Snapshot, f func(window) float64) []point {
	var out []point
	for i := 1; i < len(samples); i++ {
		out = append(out, point{samples[i].At, f(between(samples[i-1], samples[i]))})
	}
	return out
}

// drawChart renders points over the hour ending at now; fmtv formats the top label.
func drawChart(title string, pts []point, now time.Time, fmtv func(float64) string, floorMax float64) chart {
	c := chart{Title: title, Now: "—"}
	top := floorMax
	for _, p := range pts {
		if !math.IsNaN(p.v) && p.v > top {
			top = p.v
		}
	}
	for i := len(pts) - 1; i >= 0; i-- {
		if !math.IsNaN(pts[i].v) {
			c.Now = fmtv(pts[i].v)
			break
		}
	}
	start := now.Add(-time.Hour)
	x := func(t time.Time) float64 { return chartW * t.Sub(start).Seconds() / time.Hour.Seconds() }
	y := func(v float64) float64 { return chartH - 2 - (chartH-4)*v/top }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" preserveAspectRatio="none" role="img" aria-label="%s over the last hour">`,
		chartW, chartH, template.HTMLEscapeString(title))
	for _, gy := range []float64{0.25, 0.5, 0.75} {
		fmt.Fprintf(&b, `<line class="grid" x1="0" x2="%.0f" y1="%.1f" y2="%.1f"/>`, chartW, chartH*gy, chartH*gy)
	}
	var line []string
	flush := func() {
		if len(line) == 1 { // a single point: a short dash so it shows
			line = append(line, line[0])
		}
		if len(line) > 1 {
			first := strings.Split(line[0], ",")
			last := strings.Split(line[len(line)-1], ",")
			fmt.Fprintf(&b, `<path class="area" d="M%s,%.0f L%s L%s,%.0f Z"/>`, first[0], chartH, strings.Join(line, " L"), last[0], chartH)
			fmt.Fprintf(&b, `<polyline class="line" points="%s"/>`, strings.Join(line, " "))
		}
		line = line[:0]
	}
	for _, p := range pts {
		if p.at.Before(start) {
			continue
		}
		if math.IsNaN(p.v) {
			flush()
			continue
		}
		line = append(line, fmt.Sprintf("%.1f,%.1f", x(p.at), y(p.v)))
	}
	flush()
	c.Max = fmtv(top)
	b.WriteString(`</svg>`)
	c.SVG = template.HTML(b.String()) // built here from numbers and escaped labels only
	return c
}
