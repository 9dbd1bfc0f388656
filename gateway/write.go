package gateway

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/odatagw/odatagw/catalog"
	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/odata/jsonfmt"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// Write answers POST, PATCH/MERGE, PUT and DELETE (the HTTP edge has already resolved
// X-HTTP-Method tunnelling and decompressed the body). It is the second short pipeline:
// parse the path → plan (writability, key, typed values) → render INSERT/UPDATE/DELETE
// → execute in one transaction (existence and If-Match checked inside it; the stored
// entity re-read inside it) → invalidate the entity set's cached reads → encode.
func (s *Service) Write(ctx context.Context, r Request) (*Response, error) {
	return s.write(ctx, r, nil)
}

// write is Write, inside the change set cs when not nil (changeset.go): then the
// statement runs in cs's transaction and the invalidation waits for its commit.
func (s *Service) write(ctx context.Context, r Request, cs *ChangeSet) (*Response, error) {
	res := &Response{Status: http.StatusNoContent, Header: http.Header{}}
	clock := startClock()
	path, err := odata.ParsePath(r.Path)
	clock.stage(&res.Timings.Parse)
	if err != nil {
		return nil, err
	}
	if path.Ref || path.NavProp != "" { // reads only (plan/nav.go)
		return nil, odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", r.Path, "%s is not allowed on entity references ($ref) or on properties after a navigation; write the related entity itself", r.Method)
	}
	if path.Kind == odata.PathServiceDoc || path.Kind == odata.PathMetadata {
		return nil, odata.Errorf(http.StatusMethodNotAllowed, "MethodNotAllowed", "", "%s is not allowed on this resource", r.Method)
	}

	op, err := plan.WriteOpFor(r.Method, path)
	if err != nil {
		return nil, err
	}
	w, err := plan.BuildWrite(op, path, r.Body, s.Catalog, s.Now())
	if err != nil {
		return nil, err
	}
	if err := w.CheckTimes(s.Limits.Times); err != nil {
		return nil, err
	}
	var st sqlgen.Stmt
	switch op {
	case plan.Insert:
		st, err = sqlgen.Insert(w, s.Dialect)
	case plan.Update, plan.Replace:
		st, err = sqlgen.Update(w, s.Dialect)
	case plan.Delete:
		st, err = sqlgen.Delete(w, s.Dialect)
	}
	clock.stage(&res.Timings.Plan)
	if err != nil {
		return nil, dbError(ctx, err)
	}

	ctx, cancel := context.WithTimeout(ctx, s.QueryTimeout)
	defer cancel() // also gives the transaction's admission slot back
	var vals []any
	if cs != nil {
		vals, err = cs.exec(ctx, w, st, r.IfMatch)
	} else {
		vals, err = s.execWrite(ctx, w, st, r.IfMatch)
	}
	clock.stage(&res.Timings.DB)
	if err != nil {
		return nil, err
	}
	if cs == nil {
		s.invalidate(w.Table.SetName)
	}

	defer clock.stage(&res.Timings.Encode)
	t := w.Table
	if op == plan.Delete {
		return res, nil
	}
	if tag := etagOf(t, t.Columns, vals); tag != "" {
		res.Header.Set("ETag", tag)
	}
	entityURL := r.Root + t.SetName + keyPredicate(t, w.Key)
	pref := returnPreference(r.Prefer)
	representation := op == plan.Insert && pref != "minimal" || pref == "representation"
	if pref != "" {
		res.Header.Set("Preference-Applied", "return="+pref)
	}
	if op == plan.Insert {
		res.Header.Set("Location", entityURL)
		res.Status = http.StatusCreated
	}
	if !representation {
		res.Status = http.StatusNoContent
		res.Header.Set("OData-EntityId", entityURL)
		return res, nil
	}
	if op != plan.Insert {
		res.Status = http.StatusOK
	}
	props := make([]*edm.Property, len(t.Columns))
	for i, c := range t.Columns {
		props[i] = s.props[c]
	}
	o := jsonfmt.Options{ETag: res.Header.Get("ETag")}
	body, err := jsonfmt.AppendEntity(nil, jsonfmt.ContextEntity(r.Root, t.SetName, nil), props, vals, o)
	if err != nil {
		return nil, dataError(err)
	}
	res.ContentType = jsonType
	res.Body = body
	return res, nil
}

// execWrite runs the write in one transaction and returns the stored entity (all
// columns, nil after a delete). It fills w.Key with generated key values. Every
// statement takes the one database path (db): BEGIN takes the admission slot that the
// transaction holds until ctx ends, and each statement is logged and classified like
// a read's (a server-side statement timeout is a 504).
func (s *Service) execWrite(ctx context.Context, w *plan.Write, st sqlgen.Stmt, ifMatch string) ([]any, error) {
	var tx *sqlx.Tx
	err := s.db(ctx, call{sql: "BEGIN", admit: true}, func() (err error) {
		tx, err = s.DB.BeginTxx(ctx, nil)
		return err
	})
	if err != nil {
		return nil, dbError(ctx, err)
	}
	defer tx.Rollback()
	vals, err := s.applyWrite(ctx, tx, w, st, ifMatch)
	if err != nil {
		return nil, err
	}
	if err := s.db(ctx, call{sql: "COMMIT"}, tx.Commit); err != nil {
		return nil, s.writeError(ctx, w.Table, err)
	}
	return vals, nil
}

// applyWrite is the body of a write inside tx: existence and If-Match, the
// statement, the re-read of the stored entity. The caller commits.
func (s *Service) applyWrite(ctx context.Context, tx *sqlx.Tx, w *plan.Write, st sqlgen.Stmt, ifMatch string) ([]any, error) {
	t := w.Table
	if w.Op != plan.Insert {
		cur, err := s.readEntity(ctx, tx, t, w.Key)
		if err != nil {
			return nil, err
		}
		if cur == nil {
			return nil, odata.NotFound("EntityNotFound", t.SetName, "no entity in '%s' has this key", t.SetName)
		}
		if err := checkIfMatch(ifMatch, etagOf(t, t.Columns, cur)); err != nil {
			return nil, err
		}
	}
	if st.SQL != "" {
		stmt := call{sql: st.SQL, nargs: len(st.Args)}
		switch {
		case len(st.Returning) > 0:
			dest := make([]any, len(st.Returning))
			ptrs := make([]any, len(dest))
			for i := range dest {
				ptrs[i] = &dest[i]
			}
			if err := s.db(ctx, stmt, func() error { return tx.QueryRowxContext(ctx, st.SQL, st.Args...).Scan(ptrs...) }); err != nil {
				return nil, s.writeError(ctx, t, err)
			}
			for i, col := range st.Returning {
				setKey(w, col, returnedKey(col, dest[i]))
			}
		default:
			var result sql.Result
			err := s.db(ctx, stmt, func() (err error) {
				result, err = tx.ExecContext(ctx, st.SQL, st.Args...)
				return err
			})
			if err != nil {
				return nil, s.writeError(ctx, t, err)
			}
			if st.LastInsertID != nil {
				id, err := result.LastInsertId()
				if err != nil {
					return nil, dbError(ctx, err)
				}
				setKey(w, st.LastInsertID, &plan.Const{T: st.LastInsertID.Type, V: id})
			}
		}
	}
	var vals []any
	if w.Op != plan.Delete {
		var err error
		vals, err = s.readEntity(ctx, tx, t, w.Key)
		if err != nil {
			return nil, err
		}
		if vals == nil {
			// The row is not visible under its key (a trigger changed it, or a key
			// the database rewrote): the write stands, but there is nothing to show.
			return nil, &odata.Error{Status: http.StatusInternalServerError, Code: "WrittenEntityNotFound",
				Message: "the entity was written but cannot be read back by its key"}
		}
	}
	return vals, nil
}

func setKey(w *plan.Write, col *catalog.Column, v *plan.Const) {
	for i, k := range w.Table.Key {
		if k == col {
			w.Key[i] = v
		}
	}
}

// returnedKey converts a driver value of a generated key column to a constant.
func returnedKey(col *catalog.Column, v any) *plan.Const {
	switch x := v.(type) {
	case []byte:
		v = string(x)
	case int32:
		v = int64(x)
	case int:
		v = int64(x)
	}
	if col.Type.IsIntegral() {
		if s, ok := v.(string); ok {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil {
				v = n
			}
		}
	}
	return &plan.Const{T: col.Type, V: v}
}

// readEntity reads one entity by key inside tx: all columns, nil when absent.
func (s *Service) readEntity(ctx context.Context, tx *sqlx.Tx, t *catalog.Table, key []*plan.Const) ([]any, error) {
	q := plan.EntityQuery(t, key)
	query, args, err := sqlgen.Select(q, s.Dialect)
	if err != nil {
		return nil, dbError(ctx, err)
	}
	vals := make([]any, len(t.Columns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	err = s.db(ctx, call{sql: query, nargs: len(args)}, func() error { return tx.QueryRowxContext(ctx, query, args...).Scan(ptrs...) })
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, dbError(ctx, err)
	}
	return vals, nil
}

// writeError classifies a failed write with the adapter's classifier: 409 for
// duplicate keys and foreign-key conflicts, 400 for check, not-null and bad values.
// Messages are fixed texts: constraint names and values stay in the log.
func (s *Service) writeError(ctx context.Context, t *catalog.Table, err error) error {
	v := sqlgen.NoViolation
	if s.Classify != nil {
		v = s.Classify(err)
	}
	e := func(status int, code, msg string) error {
		return &odata.Error{Status: status, Code: code, Target: t.SetName, Message: msg, Err: err}
	}
	switch v {
	case sqlgen.Duplicate:
		return e(http.StatusConflict, "DuplicateKey", "an entity with this key (or another unique value) already exists")
	case sqlgen.ForeignKey:
		return e(http.StatusConflict, "ForeignKeyViolation", "the entity refers to an entity that does not exist, or other entities refer to it")
	case sqlgen.Check:
		return e(http.StatusBadRequest, "CheckViolation", "a value violates a rule of the database (CHECK constraint)")
	case sqlgen.NotNull:
		return e(http.StatusBadRequest, "NullValue", "a required property is missing or null")
	case sqlgen.InvalidData:
		return e(http.StatusBadRequest, "InvalidValue", "a value is too long, out of range or malformed for its column")
	}
	return dbError(ctx, err)
}

// etagOf is the weak ETag of an entity whose values vals belong to cols, or "" when
// the table has no ETag column. It hashes the column's value as the driver returned
// it, so it changes whenever the row version or updated-at value does.
func etagOf(t *catalog.Table, cols []*catalog.Column, vals []any) string {
	if t.ETag == nil || vals == nil {
		return ""
	}
	for i, c := range cols {
		if c != t.ETag {
			continue
		}
		var text string
		switch v := vals[i].(type) {
		case nil:
			text = "null"
		case time.Time:
			text = v.UTC().Format(time.RFC3339Nano)
		case []byte:
			text = string(v)
		default:
			text = fmt.Sprint(v)
		}
		sum := sha256.Sum256([]byte(text))
		return `W/"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
	}
	return ""
}

// checkIfMatch applies If-Match: absent or * passes; otherwise one of the listed
// ETags must equal the entity's current one (412 when none does, or when the entity
// has no ETag).
func checkIfMatch(ifMatch, current string) error {
	ifMatch = strings.TrimSpace(ifMatch)
	if ifMatch == "" || ifMatch == "*" {
		return nil
	}
	if current != "" {
		for _, tag := range strings.Split(ifMatch, ",") {
			tag = strings.TrimSpace(tag)
			if tag == current || "W/"+tag == current {
				return nil
			}
		}
	}
	return odata.Errorf(http.StatusPreconditionFailed, "PreconditionFailed", "",
		"the entity has changed since it was read (If-Match does not match its ETag)")
}

// returnPreference reads return=representation|minimal from a Prefer header.
func returnPreference(prefer string) string {
	for _, p := range strings.FieldsFunc(prefer, func(r rune) bool { return r == ',' || r == ';' }) {
		name, val, _ := strings.Cut(strings.TrimSpace(p), "=")
		if strings.EqualFold(strings.TrimSpace(name), "return") {
			switch v := strings.ToLower(strings.Trim(strings.TrimSpace(val), `"`)); v {
			case "representation", "minimal":
				return v
			}
		}
	}
	return ""
}

// keyPredicate prints the key as an OData key predicate for a URL: (10248),
// ('ALFKI') or (OrderNo=10248,LineNo=10), string values percent-encoded.
func keyPredicate(t *catalog.Table, key []*plan.Const) string {
	parts := make([]string, len(key))
	for i, c := range key {
		v := keyLiteral(c)
		if len(key) > 1 {
			v = t.Key[i].Prop + "=" + v
		}
		parts[i] = v
	}
	return "(" + strings.Join(parts, ",") + ")"
}

func keyLiteral(c *plan.Const) string {
	switch v := c.V.(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return v.UTC().Format(time.RFC3339Nano)
	case string:
		switch c.T {
		case edm.String:
			return "'" + url.PathEscape(strings.ReplaceAll(v, "'", "''")) + "'"
		case edm.Guid, edm.Date, edm.Decimal:
			return v
		}
		return "'" + url.PathEscape(strings.ReplaceAll(v, "'", "''")) + "'"
	}
	return url.PathEscape(fmt.Sprint(c.V))
}
