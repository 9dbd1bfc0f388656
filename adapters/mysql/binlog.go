package mysql

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"strconv"
	"strings"

	gomysql "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/replication"
	driver "github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/adapters/internal/changelog"
)

// binlog reads the binary log (binlog_format=ROW) through a replication connection
// (github.com/go-mysql-org/go-mysql). A position is "file:offset:skip": offset is the
// start of a transaction (its GTID event), skip the row changes of that transaction
// already delivered, so a reader can resume inside a transaction whose table-map
// events it must see again.
type binlog struct {
	db      *sqlx.DB
	cfg     *driver.Config
	flavor  string
	host    string
	port    uint16
	schema  string
	ordinal map[string]map[string]int // table → column → 0-based ordinal
}

// OpenChangeLog implements adapters.ChangeLog.
func (a *Adapter) OpenChangeLog(ctx context.Context, db *sqlx.DB, dsn string, _ changelog.Options) (changelog.Reader, error) {
	cfg, err := driver.ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	if cfg.Net != "tcp" {
		return nil, errors.New("-track-changes log needs a TCP address in -dsn (the binary log is read over a replication connection)")
	}
	host, port, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		host, port = cfg.Addr, "3306"
	}
	p, _ := strconv.Atoi(port)
	b := &binlog{db: db, cfg: cfg, flavor: "mysql", host: host, port: uint16(p), schema: cfg.DBName, ordinal: map[string]map[string]int{}}
	var version string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err == nil && strings.Contains(strings.ToLower(version), "mariadb") {
		b.flavor = "mariadb"
	}
	var name, val string
	if err := db.QueryRowContext(ctx, "SHOW GLOBAL VARIABLES LIKE 'log_bin'").Scan(&name, &val); err != nil || !strings.EqualFold(val, "ON") {
		return nil, errors.New("-track-changes log: the server's binary log is off; start it with log_bin (log-bin=…) and binlog_format=ROW")
	}
	if err := db.QueryRowContext(ctx, "SHOW GLOBAL VARIABLES LIKE 'binlog_format'").Scan(&name, &val); err != nil || !strings.EqualFold(val, "ROW") {
		return nil, fmt.Errorf("-track-changes log: binlog_format is %q; set binlog_format=ROW on the server", val)
	}
	if _, err := b.Current(ctx); err != nil {
		return nil, fmt.Errorf("-track-changes log: cannot read the binary log position (%v); GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO the gateway's user", err)
	}
	return b, nil
}

func (b *binlog) Kind() string { return "binlog" }

// Current implements changelog.Reader: the end of the binary log.
func (b *binlog) Current(ctx context.Context) (string, error) {
	for _, q := range []string{"SHOW MASTER STATUS", "SHOW BINARY LOG STATUS"} {
		rows, err := b.db.QueryContext(ctx, q)
		if err != nil {
			continue
		}
		cols, _ := rows.Columns()
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if !rows.Next() {
			rows.Close()
			return "", errors.New("the binary log is off")
		}
		err = rows.Scan(ptrs...)
		file, pos := string(vals[0]), string(vals[1])
		rows.Close()
		if err != nil {
			return "", err
		}
		return file + ":" + pos + ":0", nil
	}
	return "", errors.New("SHOW MASTER STATUS / SHOW BINARY LOG STATUS refused")
}

type binlogPos struct {
	file   string
	offset uint32
	skip   int
}

func parsePos(s string) (binlogPos, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return binlogPos{}, fmt.Errorf("bad binlog position %q", s)
	}
	off, err1 := strconv.ParseUint(parts[1], 10, 32)
	skip, err2 := strconv.Atoi(parts[2])
	if err1 != nil || err2 != nil || parts[0] == "" {
		return binlogPos{}, fmt.Errorf("bad binlog position %q", s)
	}
	return binlogPos{parts[0], uint32(off), skip}, nil
}

func (p binlogPos) String() string {
	return p.file + ":" + strconv.FormatUint(uint64(p.offset), 10) + ":" + strconv.Itoa(p.skip)
}

// logFileNum orders binary log file names (name.000012).
func logFileNum(f string) int {
	i := strings.LastIndexByte(f, '.')
	n, _ := strconv.Atoi(f[i+1:])
	return n
}

type expiredErr struct{ file string }

func (e expiredErr) Error() string { return "binary log " + e.file + " is no longer retained" }
func (e expiredErr) Expired() bool { return true }

// retained reports whether the server still has the binary log file.
func (b *binlog) retained(ctx context.Context, file string) (bool, error) {
	rows, err := b.db.QueryContext(ctx, "SHOW BINARY LOGS")
	if err != nil {
		return false, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return false, err
		}
		if string(vals[0]) == file {
			return true, nil
		}
	}
	return false, rows.Err()
}

// keyOrdinals maps table → ordinals of its key columns (information_schema).
func (b *binlog) keyOrdinals(ctx context.Context, keys map[string][]string) (map[string][]int, error) {
	out := map[string][]int{}
	for table, cols := range keys {
		if b.ordinal[table] == nil {
			rows, err := b.db.QueryContext(ctx, `SELECT COLUMN_NAME, ORDINAL_POSITION FROM information_schema.COLUMNS
				WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?`, table)
			if err != nil {
				return nil, err
			}
			m := map[string]int{}
			for rows.Next() {
				var name string
				var pos int
				if err := rows.Scan(&name, &pos); err != nil {
					rows.Close()
					return nil, err
				}
				m[name] = pos - 1
			}
			rows.Close()
			b.ordinal[table] = m
		}
		for _, c := range cols {
			i, ok := b.ordinal[table][c]
			if !ok {
				return nil, fmt.Errorf("binlog: table %s has no column %s", table, c)
			}
			out[table] = append(out[table], i)
		}
	}
	return out, nil
}

// Read implements changelog.Reader.
func (b *binlog) Read(ctx context.Context, pos string, keys map[string][]string, fn func(changelog.RowChange) bool) error {
	from, err := parsePos(pos)
	if err != nil {
		return err
	}
	endText, err := b.Current(ctx)
	if err != nil {
		return err
	}
	end, _ := parsePos(endText)
	if from.file == end.file && from.offset >= end.offset {
		return nil // nothing after pos
	}
	if ok, err := b.retained(ctx, from.file); err != nil {
		return err
	} else if !ok {
		return expiredErr{from.file}
	}
	ords, err := b.keyOrdinals(ctx, keys)
	if err != nil {
		return err
	}
	syncer := replication.NewBinlogSyncer(replication.BinlogSyncerConfig{
		ServerID: 1<<30 + rand.Uint32N(1<<30), Flavor: b.flavor, Host: b.host, Port: b.port,
		User: b.cfg.User, Password: b.cfg.Passwd, Logger: slog.New(slog.DiscardHandler),
		MaxReconnectAttempts: 1, DisableRetrySync: true,
	})
	defer syncer.Close()
	stream, err := syncer.StartSync(gomysql.Position{Name: from.file, Pos: from.offset})
	if err != nil {
		return err
	}
	file := from.file
	txn := binlogPos{file: from.file, offset: from.offset} // the current transaction's start
	seen := 0                                              // row changes of txn read so far
	skip := from.skip
	for {
		if logFileNum(file) > logFileNum(end.file) {
			return nil
		}
		ev, err := stream.GetEvent(ctx)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		h := ev.Header
		start := h.LogPos - h.EventSize
		switch e := ev.Event.(type) {
		case *replication.RotateEvent:
			file = string(e.NextLogName)
			if h.Timestamp != 0 || h.LogPos != 0 { // a real rotation: the next file begins
				txn, seen = binlogPos{file: file, offset: uint32(e.Position)}, 0
			}
			continue
		case *replication.MariadbGTIDEvent, *replication.GTIDEvent:
			if h.LogPos != 0 {
				if !(txn.file == file && txn.offset == start) {
					skip = 0
				}
				txn, seen = binlogPos{file: file, offset: start}, 0
			}
		case *replication.XIDEvent:
			txn, seen, skip = binlogPos{file: file, offset: h.LogPos}, 0, 0
		case *replication.QueryEvent:
			if q := strings.ToUpper(strings.TrimSpace(string(e.Query))); q == "COMMIT" {
				txn, seen, skip = binlogPos{file: file, offset: h.LogPos}, 0, 0
			}
		case *replication.RowsEvent:
			table := string(e.Table.Table)
			ord, tracked := ords[table]
			tracked = tracked && string(e.Table.Schema) == b.schema
			step, typ := 1, e.Type()
			if typ == replication.EnumRowsEventTypeUpdate {
				step = 2
			}
			for i := 0; i+step-1 < len(e.Rows); i += step {
				seen++
				if seen <= skip || !tracked {
					continue
				}
				p := binlogPos{file: txn.file, offset: txn.offset, skip: seen}.String()
				if step == 2 { // an update that changed the key removes the old key
					before, after := pick(e.Rows[i], ord), pick(e.Rows[i+1], ord)
					if fmt.Sprint(before) != fmt.Sprint(after) && !fn(changelog.RowChange{Table: table, Key: before, Deleted: true, Pos: p}) {
						return nil
					}
					if !fn(changelog.RowChange{Table: table, Key: after, Pos: p}) {
						return nil
					}
					continue
				}
				if !fn(changelog.RowChange{Table: table, Key: pick(e.Rows[i], ord), Deleted: typ == replication.EnumRowsEventTypeDelete, Pos: p}) {
					return nil
				}
			}
		}
		if h.LogPos != 0 && file == end.file && h.LogPos >= end.offset {
			return nil
		}
	}
}

func pick(row []any, ord []int) []any {
	out := make([]any, len(ord))
	for i, o := range ord {
		if o < len(row) {
			out[i] = row[o]
		}
	}
	return out
}
