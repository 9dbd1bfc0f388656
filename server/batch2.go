package server

import (
	"bytes"
	"encoding/json"
	"html"
	"regexp"
)

// resolveBinds2 is resolveBinds for the bodies of the 2.0 root, whose bindings are
// `"Nav":{"__metadata":{"uri":"$<id>"}}` (JSON verbose) or `<link rel="…/related/Nav"
// href="$<id>"/>` (Atom): each "$<id>" becomes the path of the entity the referenced
// request created, and the 2.0 edge then turns the binding into Nav@odata.bind. A body
// without such a reference is returned as it is.
func (x *batchRun) resolveBinds2(body []byte, local map[string]string) []byte {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 || !bytes.Contains(body, []byte("$")) {
		return body
	}
	if trimmed[0] == '<' {
		return atomRef.ReplaceAllFunc(body, func(m []byte) []byte {
			sub := atomRef.FindSubmatch(m)
			v := html.UnescapeString(string(sub[2]))
			r := x.ref(v, local)
			if r == v {
				return m
			}
			return append(append(append([]byte(nil), sub[1]...), html.EscapeString(r)...), '"')
		})
	}
	var obj map[string]any
	d := json.NewDecoder(bytes.NewReader(body))
	d.UseNumber()
	if d.Decode(&obj) != nil {
		return body // the edge answers the malformed body
	}
	target := obj
	if inner, ok := obj["d"].(map[string]any); ok && len(obj) == 1 {
		target = inner
	}
	changed := false
	for _, v := range target {
		nav, ok := v.(map[string]any)
		if !ok {
			continue
		}
		md, ok := nav["__metadata"].(map[string]any)
		if !ok {
			continue
		}
		if uri, ok := md["uri"].(string); ok {
			if r := x.ref(uri, local); r != uri {
				md["uri"], changed = r, true
			}
		}
	}
	if !changed {
		return body
	}
	out, err := json.Marshal(obj)
	if err != nil {
		return body
	}
	return out
}

// atomRef finds the href of an Atom link that starts with "$" (a Content-ID reference).
var atomRef = regexp.MustCompile(`(<(?:[A-Za-z_][\w.-]*:)?link\b[^>]*?\bhref=")(\$[^"]*)"`)
