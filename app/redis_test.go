package app

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// Settings that cannot work across replicas are refused at start and by -check-config.
func TestRedisSettingsChecked(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-redis-url", "redis://127.0.0.1:1/0", "-csrf"}, "needs -csrf-secret"},
		{[]string{"-redis-url", "http://127.0.0.1/0"}, "scheme"},
		{[]string{"-redis-url", "redis://:hunter2hunter2@127.0.0.1/x"}, "not a number"},
	} {
		for _, check := range []bool{false, true} {
			args := c.args
			if check {
				args = append(args, "-check-config")
			}
			var out, errOut bytes.Buffer
			code := Run(context.Background(), append([]string{"-listen", "127.0.0.1:0"}, args...), func(string) string { return "" }, &out, &errOut)
			if code == 0 || !strings.Contains(errOut.String(), c.want) {
				t.Errorf("%v: exit %d, stderr %q; want an error with %q", args, code, errOut.String(), c.want)
			}
			if strings.Contains(errOut.String()+out.String(), "hunter2") {
				t.Errorf("%v: the password was repeated", args)
			}
		}
	}
}
