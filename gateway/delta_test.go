package gateway

import (
	"bytes"
	"strings"
	"testing"
)

func TestWithDeltaLink(t *testing.T) {
	link := "https://gw/odata/T?$deltatoken=abc"
	cases := map[string]string{
		`{"value":[]}`:                       `{"value":[],"@odata.deltaLink":"https://gw/odata/T?$deltatoken=abc"}`,
		`{"value":[{"a":"]"}]}`:              `{"value":[{"a":"]"}],"@odata.deltaLink":"https://gw/odata/T?$deltatoken=abc"}`,
		`{"value":[],"@odata.nextLink":"x"}`: `{"value":[],"@odata.nextLink":"x"}`, // not the last page
	}
	for in, want := range cases {
		if got := string(withDeltaLink([]byte(in), link)); got != want {
			t.Errorf("withDeltaLink(%s) = %s, want %s", in, got, want)
		}
	}
}

// A streamed tracked page: everything but the held-back tail passes through, and the
// tail ends with the delta link, whatever the chunking.
func TestTailWriterStream(t *testing.T) {
	body := []byte(`{"value":[` + strings.Repeat(`{"id":1,"name":"x"},`, 5000) + `{"id":2}]}`)
	link := "https://gw/odata/T?$deltatoken=abc"
	for _, chunk := range []int{1, 7, 4096, 70000} {
		var out bytes.Buffer
		tw := &tailWriter{w: &out}
		for i := 0; i < len(body); i += chunk {
			tw.Write(body[i:min(i+chunk, len(body))])
		}
		out.Write(withDeltaLink(tw.tail, link))
		if want := withDeltaLink(body, link); !bytes.Equal(out.Bytes(), want) {
			t.Fatalf("chunk %d: got %d bytes ending %q", chunk, out.Len(), out.Bytes()[max(0, out.Len()-80):])
		}
	}
}

func TestWantsTracking(t *testing.T) {
	for h, want := range map[string]bool{
		"odata.track-changes":                          true,
		"return=minimal, odata.track-changes":          true,
		"odata.maxpagesize=10,ODATA.TRACK-CHANGES;x=1": true,
		"odata.track-changes-not":                      false,
		"":                                             false,
	} {
		if wantsTracking(h) != want {
			t.Errorf("wantsTracking(%q) != %v", h, want)
		}
	}
}
