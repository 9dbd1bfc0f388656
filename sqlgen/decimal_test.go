package sqlgen_test

import (
	"errors"
	"testing"

	"github.com/odatagw/odatagw/odata/edm"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in        string
		want      string // String()
		unsigned  string
		precision int
		scale     int
		bad       bool
	}{
		{in: "0", want: "0", unsigned: "0", precision: 1},
		{in: "-0.000", want: "0", unsigned: "0", precision: 1},
		{in: "+1", want: "1", unsigned: "1", precision: 1},
		{in: "10.50", want: "10.5", unsigned: "10.5", precision: 3, scale: 1},
		{in: "-0012.500", want: "-12.5", unsigned: "12.5", precision: 3, scale: 1},
		{in: "+0.001", want: "0.001", unsigned: "0.001", precision: 3, scale: 3},
		{in: "1e3", want: "1000", unsigned: "1000", precision: 4},
		{in: "-1.5E-3", want: "-0.0015", unsigned: "0.0015", precision: 4, scale: 4},
		{in: "12.345e1", want: "123.45", unsigned: "123.45", precision: 5, scale: 2},
		{in: "12.345e-5", want: "0.00012345", unsigned: "0.00012345", precision: 8, scale: 8},
		{in: ".5", want: "0.5", unsigned: "0.5", precision: 1, scale: 1},
		{in: "7.", want: "7", unsigned: "7", precision: 1},
		{in: "99999999999999999999999999999999999999", want: "99999999999999999999999999999999999999", unsigned: "99999999999999999999999999999999999999", precision: 38},
		{in: "999999999999999999999999999999999999999", bad: true},
		{in: "1e38", bad: true},
		{in: "1e999999", bad: true},
		{in: "1e", bad: true},
		{in: "NaN", bad: true},
		{in: "INF", bad: true},
		{in: "-INF", bad: true},
		{in: "-", bad: true},
		{in: ".", bad: true},
		{in: "1.2.3", bad: true},
		{in: "", bad: true},
	}
	for _, tt := range tests {
		d, err := sqlgen.ParseDecimal(tt.in, 38)
		if tt.bad {
			if !errors.Is(err, sqlgen.ErrUnsupported) {
				t.Errorf("ParseDecimal(%q) = %+v, %v; want an unsupported error", tt.in, d, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", tt.in, err)
			continue
		}
		if d.String() != tt.want || d.Unsigned() != tt.unsigned || d.Precision() != tt.precision || d.Scale() != tt.scale {
			t.Errorf("ParseDecimal(%q) = %s %s (%d,%d), want %s %s (%d,%d)", tt.in, d, d.Unsigned(), d.Precision(), d.Scale(),
				tt.want, tt.unsigned, tt.precision, tt.scale)
		}
	}
	// Without a digit limit the caller checks the size itself.
	if d, err := sqlgen.ParseDecimal("1e38", 0); err != nil || d.Precision() != 39 {
		t.Errorf("ParseDecimal(1e38, 0) = %+v, %v", d, err)
	}
}

func TestDecimalText(t *testing.T) {
	for v, want := range map[any]string{"-1.5": "-1.5", int64(-42): "-42"} {
		if got, ok := sqlgen.DecimalText(v); !ok || got != want {
			t.Errorf("DecimalText(%v) = %q, %v", v, got, ok)
		}
	}
	if _, ok := sqlgen.DecimalText(1.5); ok {
		t.Error("DecimalText accepted a float64")
	}
}

func TestCheckCoreFunc(t *testing.T) {
	c := &plan.Const{T: edm.String, V: "x"}
	if err := sqlgen.CheckCoreFunc(&plan.Func{Name: "substring", Args: []plan.Expr{c, c, c}}); err != nil {
		t.Errorf("substring/3: %v", err)
	}
	if err := sqlgen.CheckCoreFunc(&plan.Func{Name: "concat", Args: []plan.Expr{c}}); err == nil || errors.Is(err, sqlgen.ErrUnsupported) {
		t.Errorf("concat/1 = %v, want an arity error", err)
	}
	if err := sqlgen.CheckCoreFunc(&plan.Func{Name: "isof", Args: []plan.Expr{c}}); !errors.Is(err, sqlgen.ErrUnsupported) {
		t.Errorf("isof = %v, want unsupported", err)
	}
}
