package odata

import (
	"net/url"
	"testing"
)

// checkFilterRoundTrip is the fuzz oracle: a parsed filter prints, and its Format
// re-parses to the same canonical String.
func checkFilterRoundTrip(t *testing.T, in string, e Expr, err error) {
	t.Helper()
	if err != nil {
		if _, ok := AsError(err); !ok {
			t.Fatalf("ParseFilter(%q): error %T is not *Error: %v", in, err, err)
		}
		return
	}
	s := e.String()
	f := Format(e)
	e2, err := ParseFilter(f)
	if err != nil {
		t.Fatalf("ParseFilter(%q) = %s; Format = %q does not parse: %v", in, s, f, err)
	}
	if s2 := e2.String(); s2 != s {
		t.Fatalf("ParseFilter(%q) = %s; Format = %q re-parses to %s", in, s, f, s2)
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, tc := range filterCases {
		f.Add(tc.in)
	}
	for _, tc := range filterErrors {
		if len(tc.in) < 300 {
			f.Add(tc.in)
		}
	}
	f.Fuzz(func(t *testing.T, in string) {
		e, err := ParseFilter(in)
		checkFilterRoundTrip(t, in, e, err)
		if items, err := ParseOrderBy(in); err == nil {
			for _, it := range items {
				_ = it.Expr.String()
			}
		} else if _, ok := AsError(err); !ok {
			t.Fatalf("ParseOrderBy(%q): error %T is not *Error", in, err)
		}
	})
}

func FuzzParseSearch(f *testing.F) {
	for _, tc := range searchCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		e, err := ParseSearch(in)
		if err != nil {
			if _, ok := AsError(err); !ok {
				t.Fatalf("ParseSearch(%q): error %T is not *Error", in, err)
			}
			return
		}
		s := e.String()
		fs := FormatSearch(e)
		e2, err := ParseSearch(fs)
		if err != nil {
			t.Fatalf("ParseSearch(%q) = %s; FormatSearch = %q does not parse: %v", in, s, fs, err)
		}
		if e2.String() != s {
			t.Fatalf("ParseSearch(%q) = %s; FormatSearch = %q re-parses to %s", in, s, fs, e2)
		}
	})
}

func FuzzParseURL(f *testing.F) {
	paths := []string{"", "/", "$metadata", "Orders", "Orders(10248)", "Customers('ALFKI')",
		"Customers('A%20B')", "Order_Details(OrderID=1,ProductID=2)", "Orders/$count",
		"Orders(1)/ShipName", "Orders(1)/ShipName/$value", "Orders(10L)", "Orders(guid'01234567-89ab-cdef-0123-456789abcdef')"}
	for i, tc := range queryCases {
		f.Add(paths[i%len(paths)], tc.in)
	}
	for _, tc := range filterCases {
		f.Add("Orders", "$filter="+url.QueryEscape(tc.in))
	}
	for _, tc := range searchCases {
		f.Add("Orders", "$search="+url.QueryEscape(tc.in))
	}
	f.Fuzz(func(t *testing.T, path, query string) {
		r, err := ParseURL(path, query)
		if err != nil {
			if _, ok := AsError(err); !ok {
				t.Fatalf("ParseURL(%q, %q): error %T is not *Error", path, query, err)
			}
			return
		}
		for _, k := range r.Path.Key {
			if k.Value == nil {
				t.Fatalf("ParseURL(%q): nil key value", path)
			}
			_ = k.Value.String()
		}
		if r.Query.Filter != nil {
			checkFilterRoundTrip(t, query, r.Query.Filter, nil)
		}
		for _, it := range r.Query.OrderBy {
			_ = Format(it.Expr)
		}
		if r.Query.Search != nil {
			s := r.Query.Search.String()
			e2, err := ParseSearch(FormatSearch(r.Query.Search))
			if err != nil || e2.String() != s {
				t.Fatalf("$search in %q does not round-trip: %v", query, err)
			}
		}
	})
}
