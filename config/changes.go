package config

import (
	"errors"
	"flag"
	"fmt"
	"time"
)

// changeFlags declares the change-tracking settings (package changes).
func (c *Config) changeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.TrackChanges, "track-changes", "off", "change tracking for OData delta links and cache invalidation: off; column (tables.<t>.changed-at: a last-modified column; sees inserts and updates, not deletes); log (the database's own change log, deletes included: MySQL/MariaDB binary log with binlog_format=ROW, PostgreSQL logical decoding with wal_level=logical)")
	fs.StringVar(&c.ChangeSecret, "change-secret", "", "HMAC secret of delta tokens, shared by replicas so tokens survive restarts and work on any replica (default: random at start)")
	fs.StringVar(&c.ChangePublication, "change-publication", "odatagw", "PostgreSQL (-track-changes log): the publication the gateway reads (created FOR ALL TABLES when missing and allowed)")
	fs.StringVar(&c.ChangeSlot, "change-slot", "odatagw", "PostgreSQL (-track-changes log): the logical replication slot (pgoutput) the gateway reads and advances")
	fs.DurationVar(&c.ChangeRetention, "change-retention", 24*time.Hour, "PostgreSQL (-track-changes log): delta tokens older than this may get 410 Gone; the slot is advanced past older positions so WAL does not pile up")
	fs.DurationVar(&c.ChangePoll, "change-poll", time.Second, "how often the change feed looks for changes made by other applications (cache invalidation)")
}

// validateChanges checks the change-tracking settings.
func (c *Config) validateChanges() error {
	switch c.TrackChanges {
	case "", "off", "column", "log":
	default:
		return fmt.Errorf("-track-changes %q is not one of off, column, log", c.TrackChanges)
	}
	if c.ChangeSecret != "" && len(c.ChangeSecret) < 16 {
		return errors.New("-change-secret must be at least 16 bytes")
	}
	if c.ChangePoll <= 0 {
		c.ChangePoll = time.Second
	}
	if c.TrackChanges == "column" {
		n := 0
		for _, t := range c.Tables {
			if t.ChangedAt != "" {
				n++
			}
		}
		if n == 0 {
			return errors.New("-track-changes column needs tables.<table>.changed-at (a last-modified column) for at least one table in the configuration file")
		}
	}
	return nil
}
