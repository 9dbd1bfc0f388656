package metrics

import "github.com/prometheus/client_golang/prometheus"

// ChangeFeed are the change tracker's readings (package changes), read at scrape time.
type ChangeFeed struct {
	Lag                                    func() float64 // seconds since the feed last read every source
	Events, Deltas, Expired, Invalidations func() float64 // running totals
}

// ObserveChangeFeed registers the change-tracking metrics.
func (r *Registry) ObserveChangeFeed(c ChangeFeed) {
	r.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: ns, Name: "change_feed_lag_seconds",
			Help: "Seconds since the change feed last read every change source; it grows while the database or its log cannot be read."}, c.Lag),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: ns, Name: "change_events_read_total",
			Help: "Changes read from the change sources for delta requests."}, c.Events),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: ns, Name: "delta_requests_total",
			Help: "Delta links answered (with any status)."}, c.Deltas),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: ns, Name: "delta_tokens_expired_total",
			Help: "Delta tokens refused with 410 Gone: older than the change log the database retains."}, c.Expired),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Namespace: ns, Name: "change_feed_invalidations_total",
			Help: "Entity-set cache invalidations caused by changes the feed saw."}, c.Invalidations),
	)
}
