package console

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/gateway"
)

// This file holds what the console shows of change tracking (issue 12), Redis
// (issue 13) and navigation properties (issue 14). The overview reads the change
// feed and Redis from the /metrics counters (Snapshot); the entity-set page reads
// tracking and navigation properties from the live Service and its catalog.

// changeFeedHealth is the overview's "Change feed" line from the counters, or false
// when the gateway does not track changes (the metric is not registered).
func changeFeedHealth(s Snapshot) (health, bool) {
	if !s.HasChangeFeed {
		return health{}, false
	}
	h := health{Name: "Change feed", State: "ok", Value: "lag " + fmtSeconds(s.ChangeLag),
		Detail: fmt.Sprintf("%s changes read · %s delta requests", fmtInt(s.ChangeEvents), fmtInt(s.Deltas))}
	switch {
	case s.ChangeLag >= 300:
		h.State = "bad"
		h.Detail = "the feed has not read its sources for minutes: the database or its change log cannot be read (the gateway's log says why) · " + h.Detail
	case s.ChangeLag >= 30:
		h.State = "warn"
	}
	return h, true
}

// redisHealth is the overview's "Redis" line from odatagw_redis_up; addr is the
// configured host:port/db (never the URL, which may carry a password).
func redisHealth(s Snapshot, addr string) (health, bool) {
	if !s.HasRedis {
		return health{}, false
	}
	h := health{Name: "Redis", State: "ok", Value: "connected", Detail: "cache generations shared through " + addr}
	if s.RedisUp < 1 {
		h.State, h.Value = "bad", "down"
		h.Detail = "cached pages are not served until " + addr + " answers again; the gateway's log says why"
	}
	return h, true
}

// gaugeOf is one point per sample of a gauge (not a difference of counters).
func gaugeOf(samples []Snapshot, f func(Snapshot) float64) []point {
	out := make([]point, 0, len(samples))
	for _, s := range samples {
		out = append(out, point{s.At, f(s)})
	}
	return out
}

// fmtSeconds formats a duration in seconds for the change-feed lag.
func fmtSeconds(sec float64) string {
	switch {
	case math.IsNaN(sec):
		return "—"
	case sec < 10:
		return fmt.Sprintf("%.1f s", sec)
	case sec < 120:
		return fmt.Sprintf("%.0f s", sec)
	}
	return (time.Duration(sec) * time.Second).String()
}

func fmtUp(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	if v >= 1 {
		return "up"
	}
	return "down"
}

// trackingOf names how the set's changes are tracked: "off", or the source's kind
// ("column", "binlog", "wal", …) when the live Service's change feed tracks it.
func trackingOf(svc *gateway.Service, set string) (on bool, source string) {
	if svc.Changes == nil || !svc.Changes.Tracked(set) {
		return false, ""
	}
	if k, ok := svc.Changes.(interface{ SourceKind(set string) string }); ok {
		return true, k.SourceKind(set)
	}
	return true, ""
}

// navView is one navigation property on the entity-set page.
type navView struct {
	Name, Target, Multiplicity, Columns, FK string
}

func navViews(t *catalog.Table) []navView {
	var out []navView
	for _, n := range t.Navs {
		v := navView{Name: n.Name, Target: n.To.SetName, Multiplicity: "to-one", FK: n.FK}
		if n.Many {
			v.Multiplicity = "to-many"
		} else if n.Nullable {
			v.Multiplicity = "to-one (optional)"
		}
		pairs := make([]string, len(n.FromCols))
		for i := range n.FromCols {
			pairs[i] = n.FromCols[i].Name + " = " + n.To.SetName + "." + n.ToCols[i].Name
		}
		v.Columns = strings.Join(pairs, ", ")
		out = append(out, v)
	}
	return out
}
