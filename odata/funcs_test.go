package odata

import (
	"errors"
	"strings"
	"testing"
)

// TestFuncsParse checks that the parser reads arity from the table: every function
// parses at each arity the table allows, under its printed spelling and in upper case,
// and is refused with one argument too many; a rejected function is a 501.
func TestFuncsParse(t *testing.T) {
	for i := range Funcs {
		spec := &Funcs[i]
		if spec.Name == FnCast || spec.Name == FnIsOf {
			continue // type-name arguments: parser_test.go
		}
		call := func(name string, n int) string {
			return name + "(" + strings.TrimSuffix(strings.Repeat("P,", n), ",") + ")"
		}
		if spec.Binding == BindRejected {
			if _, err := ParseFilter(call(spec.Print(), spec.Min)); asError(err).Status != 501 {
				t.Errorf("%s: %v, want 501", spec.Name, err)
			}
			continue
		}
		for n := spec.Min; n <= spec.Max; n++ {
			for _, name := range []string{spec.Print(), strings.ToUpper(spec.Print())} {
				x, err := ParseFilter(call(name, n))
				if err != nil {
					t.Errorf("%s: %v", call(name, n), err)
					continue
				}
				if c, ok := x.(*Call); !ok || c.Name != spec.Name || len(c.Args) != n {
					t.Errorf("%s = %s", call(name, n), x)
				}
			}
		}
		if _, err := ParseFilter(call(spec.Print(), spec.Max+1)); !strings.Contains(asError(err).Message, spec.Arity()) {
			t.Errorf("%s: %v, want an arity error", call(spec.Print(), spec.Max+1), err)
		}
	}
}

func asError(err error) *Error {
	var e *Error
	if !errors.As(err, &e) {
		return &Error{}
	}
	return e
}
