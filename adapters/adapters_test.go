package adapters_test

import (
	"log/slog"
	"reflect"
	"testing"

	"github.com/odatagw/odatagw/adapters"
)

// TestSetLogger: every adapter Open returns takes the gateway's logger (its warnings
// about hidden tables and unpublished columns would otherwise go to slog.Default).
func TestSetLogger(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	for _, name := range adapters.Names() {
		a, err := adapters.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		adapters.SetLogger(a, log)
		got := reflect.ValueOf(a).Elem().FieldByName("Logger").Interface()
		if got != log {
			t.Errorf("%s: Logger not set", name)
		}
	}
	if _, err := adapters.Open("db2"); err == nil {
		t.Error("unknown adapter name accepted")
	}
}
