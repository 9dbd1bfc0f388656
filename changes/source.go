package changes

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/gateway"
	"github.com/odatagw/odatagw/odata/edm"
)

// Source says which keys of one table changed since a position. Positions are
// strings the Source alone interprets (a high-water mark, a log position); tokens
// carry them sealed.
type Source interface {
	// Kind names the source ("column", "binlog", "pgoutput"): a token from another
	// kind of source is refused.
	Kind() string
	// Current is the position of "now": a read from it returns only later changes.
	Current(ctx context.Context) (string, error)
	// Read returns at most max changes after pos, oldest first, each with the
	// position just after it, and whether more changes follow. ErrExpired when the
	// source no longer reaches back to pos.
	Read(ctx context.Context, pos string, max int) (entries []Entry, more bool, err error)
}

// Entry is one changed key (normalized with gateway.NormalizeKey) and the position
// after it.
type Entry struct {
	Key     []any
	Deleted bool
	Pos     string
}

// encodeValue writes a normalized value of column c as text, decodeValue reads it
// back: positions and keys travel in tokens this way.
func encodeValue(c *catalog.Column, v any) (string, error) {
	v, err := gateway.NormalizeKey(c, v)
	if err != nil {
		return "", err
	}
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10), nil
	case string:
		return x, nil
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano), nil
	case bool:
		return strconv.FormatBool(x), nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	}
	return "", fmt.Errorf("changes: column %s: unsupported value %T", c.Name, v)
}

func decodeValue(c *catalog.Column, s string) (any, error) {
	switch c.Type {
	case edm.Int16, edm.Int32, edm.Int64, edm.Byte, edm.SByte:
		return strconv.ParseInt(s, 10, 64)
	case edm.DateTimeOffset:
		return time.Parse(time.RFC3339Nano, s)
	case edm.Boolean:
		return strconv.ParseBool(s)
	case edm.Double, edm.Single:
		return strconv.ParseFloat(s, 64)
	}
	return s, nil
}
