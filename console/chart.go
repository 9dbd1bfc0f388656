package console

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
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
	Empty bool   // fewer than two samples yet
	Span  string // the time the x axis covers, "60 min"
	Half  string
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

// drawChart renders points over the span ending at now (an hour, less while the
// gateway is younger, at least 5 minutes); fmtv formats the labels.
func drawChart(title string, pts []point, now time.Time, span time.Duration, fmtv func(float64) string, floorMax float64) chart {
	c := chart{Title: title, Now: "—", Span: fmt.Sprintf("%.0f min", span.Minutes()), Half: strconv.FormatFloat(span.Minutes()/2, 'f', -1, 64)}
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
	start := now.Add(-span)
	x := func(t time.Time) float64 { return chartW * t.Sub(start).Seconds() / span.Seconds() }
	y := func(v float64) float64 { return chartH - 2 - (chartH-4)*v/top }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %.0f %.0f" preserveAspectRatio="none" role="img" aria-label="%s over the last %s">`,
		chartW, chartH, template.HTMLEscapeString(title), c.Span)
	for _, gy := range []float64{0.25, 0.5, 0.75} {
		fmt.Fprintf(&b, `<line class="grid" x1="0" x2="%.0f" y1="%.1f" y2="%.1f"/>`, chartW, chartH*gy, chartH*gy)
	}
	n := 0
	for _, p := range pts {
		if !p.at.Before(start) && !math.IsNaN(p.v) {
			n++
		}
	}
	c.Empty = n < 2
	var line []string
	flush := func() {
		if len(line) == 1 { // a lone point between gaps: a dot
			xy := strings.Split(line[0], ",")
			fmt.Fprintf(&b, `<circle class="dot" cx="%s" cy="%s" r="1.5"/>`, xy[0], xy[1])
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
