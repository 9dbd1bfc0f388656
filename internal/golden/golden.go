// Package golden is the one golden-file format of the SQL tests (sqlgen, conformance,
// the SQL Server and Oracle dialects) and its reader, writer and checker. Used by
// tests only.
//
// A golden file is text: optional '#' comment lines (the header), then one block a
// case, each opened by a line "-- <case name>", then its fields, one "key: value"
// line each, in the order they were added (a key may repeat: one "arg:" line per
// bound argument). A '#' line inside a block is the case's note. Values are one line;
// blank lines between blocks are for the eye only. Example:
//
//	# sqlite: the SQL of every conformance case
//
//	-- orders?$filter=ShipName eq 'abc'
//	sql: SELECT "OrderNo" FROM "orders" WHERE "ShipName" = ? LIMIT ?
//	arg: string "abc"
//	arg: int64 101
//
// Check compares a test's rendered cases with its file and names each case that
// changed, is missing or is stale; with the test binary's -update flag it rewrites
// the file instead (go test ./sqlgen -update).
package golden

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files instead of comparing with them")

// Updating reports whether the test binary runs with -update.
func Updating() bool { return *update }

// Field is one "key: value" line of a case.
type Field struct{ Key, Value string }

// Case is one block: its name, an optional note and its fields in order.
type Case struct {
	Name   string
	Note   string
	Fields []Field
}

// Add appends the field key: value.
func (c *Case) Add(key, value string) { c.Fields = append(c.Fields, Field{key, value}) }

// SQL appends the statement and one "arg:" field per bound argument (see Arg).
func (c *Case) SQL(sql string, args []any) {
	c.Add("sql", sql)
	for _, a := range args {
		c.Add("arg", Arg(a))
	}
}

// Arg writes a bound argument as its Go type and value: strings quoted (trailing
// blanks and control characters stay visible), times in RFC 3339, bytes in hex.
func Arg(a any) string {
	switch v := a.(type) {
	case string:
		return "string " + strconv.Quote(v)
	case time.Time:
		return "time.Time " + v.Format(time.RFC3339Nano)
	case []byte:
		return fmt.Sprintf("[]byte %x", v)
	default:
		return fmt.Sprintf("%T %v", a, a)
	}
}

// File is a golden file: its header comment lines (without "# ") and its cases.
type File struct {
	Header []string
	Cases  []Case
}

// Add appends a case and returns it for its fields.
func (f *File) Add(name string) *Case {
	f.Cases = append(f.Cases, Case{Name: name})
	return &f.Cases[len(f.Cases)-1]
}

// Format writes f in the golden format. Names and values must be one line each, and
// names unique.
func (f *File) Format() ([]byte, error) {
	var b bytes.Buffer
	for _, h := range f.Header {
		if strings.Contains(h, "\n") {
			return nil, fmt.Errorf("golden: header line %q spans lines", h)
		}
		fmt.Fprintf(&b, "# %s\n", h)
	}
	seen := map[string]bool{}
	for _, c := range f.Cases {
		if seen[c.Name] {
			return nil, fmt.Errorf("golden: duplicate case %q", c.Name)
		}
		seen[c.Name] = true
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		if strings.Contains(c.Name, "\n") || c.Name == "" {
			return nil, fmt.Errorf("golden: case name %q is empty or spans lines", c.Name)
		}
		fmt.Fprintf(&b, "-- %s\n", c.Name)
		if c.Note != "" {
			fmt.Fprintf(&b, "# %s\n", c.Note)
		}
		for _, fl := range c.Fields {
			if strings.Contains(fl.Value, "\n") || strings.ContainsAny(fl.Key, ":\n") || fl.Key == "" {
				return nil, fmt.Errorf("golden: %s: field %q: %q must be one line with a key without ':'", c.Name, fl.Key, fl.Value)
			}
			fmt.Fprintf(&b, "%s: %s\n", fl.Key, fl.Value)
		}
	}
	return b.Bytes(), nil
}

// Parse reads a golden file.
func Parse(text []byte) (*File, error) {
	f := &File{}
	var c *Case
	for i, line := range strings.Split(string(text), "\n") {
		switch {
		case line == "":
		case strings.HasPrefix(line, "-- "):
			c = f.Add(line[3:])
		case strings.HasPrefix(line, "#"):
			s := strings.TrimPrefix(strings.TrimPrefix(line, "#"), " ")
			if c == nil {
				f.Header = append(f.Header, s)
			} else if c.Note == "" && len(c.Fields) == 0 {
				c.Note = s
			} else {
				return nil, fmt.Errorf("line %d: a note goes right after the case name", i+1)
			}
		default:
			key, value, ok := strings.Cut(line, ": ")
			if !ok || c == nil {
				return nil, fmt.Errorf("line %d: want \"-- <case>\", \"# note\" or \"key: value\", got %q", i+1, line)
			}
			c.Add(key, value)
		}
	}
	return f, nil
}

// Check compares the rendered file got with the golden file at path (relative to the
// test's package directory) and reports every case that changed, is missing or is
// stale; with -update it writes got to path instead.
func Check(t testing.TB, path string, got *File) {
	t.Helper()
	text, err := got.Format()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, text, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	raw, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s is missing (go test -run %s -update writes it)", path, t.Name())
	} else if err != nil {
		t.Fatal(err)
	}
	want, err := Parse(raw)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	for _, d := range Diff(want, got) {
		t.Errorf("%s: %s", path, d)
	}
	if !bytes.Equal(raw, text) && !t.Failed() {
		t.Errorf("%s: same cases, different text (header or layout; -update rewrites it)", path)
	}
	if t.Failed() {
		t.Logf("after an intended change: go test -run '%s' -update, then review the diff", t.Name())
	}
}

// Diff describes how got differs from want, a line per case that changed, is
// missing from want or is stale in want.
func Diff(want, got *File) []string {
	var out []string
	old := map[string]*Case{}
	for i := range want.Cases {
		old[want.Cases[i].Name] = &want.Cases[i]
	}
	for i := range got.Cases {
		g := &got.Cases[i]
		w, ok := old[g.Name]
		if !ok {
			out = append(out, fmt.Sprintf("case %q is new (not in the golden file)\n%s", g.Name, block(g)))
			continue
		}
		delete(old, g.Name)
		if block(w) != block(g) {
			out = append(out, fmt.Sprintf("case %q changed\n--- want\n%s--- got\n%s", g.Name, block(w), block(g)))
		}
	}
	for _, w := range want.Cases {
		if _, stale := old[w.Name]; stale {
			out = append(out, fmt.Sprintf("case %q is stale (no test renders it)", w.Name))
		}
	}
	return out
}

func block(c *Case) string {
	var b strings.Builder
	if c.Note != "" {
		fmt.Fprintf(&b, "# %s\n", c.Note)
	}
	for _, f := range c.Fields {
		fmt.Fprintf(&b, "%s: %s\n", f.Key, f.Value)
	}
	return b.String()
}

// Error records a rejected request: its OData status, code and message, and the
// target when there is one.
func (c *Case) Error(status int, code, message, target string) {
	c.Add("error", fmt.Sprintf("%d %s: %s", status, code, message))
	if target != "" {
		c.Add("target", target)
	}
}
