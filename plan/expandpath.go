package plan

import (
	"strings"

	"github.com/odatagw/odatagw/odata"
)

// foldPaths rewrites $expand items of several segments into nested expansions, as
// OData 2.0 clients write them: `Orders/Customer(opts)` is `Orders($expand=
// Customer(opts))`. An item of the same first segment written on its own
// (`Orders($select=OrderID),Orders/Customer`) takes the nested expansion, so the
// navigation is expanded once. Raw gets the nested $expand too, for next links.
func foldPaths(items []odata.ExpandItem) []odata.ExpandItem {
	folded := false
	for _, it := range items {
		if len(it.Path) > 1 {
			folded = true
		}
	}
	if !folded {
		return items
	}
	out := make([]odata.ExpandItem, 0, len(items))
	at := map[string]int{} // first segment → index in out
	for _, it := range items {
		if it.Star {
			out = append(out, it)
			continue
		}
		if len(it.Path) == 1 {
			i, ok := at[it.Path[0]]
			if ok && isFoldOnly(out[i]) { // paths came first: the plain item takes them
				it.Options.Expand = append(append([]odata.ExpandItem(nil), it.Options.Expand...), out[i].Options.Expand...)
				it.Raw = addRawExpand(it.Raw, rawExpandOf(out[i]))
				out[i] = it
				continue
			}
			if !ok {
				at[it.Path[0]] = len(out)
			}
			out = append(out, it)
			continue
		}
		nested := odata.ExpandItem{Path: it.Path[1:], Options: it.Options, Raw: it.Raw, Offset: it.Offset, Levels: it.Levels}
		text := itemText(nested)
		if i, ok := at[it.Path[0]]; ok {
			p := out[i]
			p.Options.Expand = append(append([]odata.ExpandItem(nil), p.Options.Expand...), nested)
			p.Raw = addRawExpand(p.Raw, text)
			out[i] = p
			continue
		}
		at[it.Path[0]] = len(out)
		out = append(out, odata.ExpandItem{Path: it.Path[:1], Offset: it.Offset,
			Options: odata.Options{Expand: []odata.ExpandItem{nested}}, Raw: [][2]string{{"$expand", text}, {foldMark, ""}}})
	}
	for i := range out {
		out[i].Raw = dropFoldMark(out[i].Raw)
	}
	return out
}

// foldMark tags, while folding, an item made only from paths (not written on its own).
const foldMark = "\x00fold"

func isFoldOnly(it odata.ExpandItem) bool {
	for _, r := range it.Raw {
		if r[0] == foldMark {
			return true
		}
	}
	return false
}

func dropFoldMark(raw [][2]string) [][2]string {
	out := raw[:0:0]
	for _, r := range raw {
		if r[0] != foldMark {
			out = append(out, r)
		}
	}
	return out
}

// itemText writes an expand item back as $expand text: Path(opt=v;opt=v).
func itemText(it odata.ExpandItem) string {
	s := strings.Join(it.Path, "/")
	if len(it.Raw) == 0 {
		return s
	}
	parts := make([]string, len(it.Raw))
	for i, r := range it.Raw {
		parts[i] = r[0] + "=" + r[1]
	}
	return s + "(" + strings.Join(parts, ";") + ")"
}

func rawExpandOf(it odata.ExpandItem) string {
	for _, r := range it.Raw {
		if r[0] == "$expand" {
			return r[1]
		}
	}
	return ""
}

// addRawExpand adds text to the $expand of raw options (one $expand, comma-separated).
func addRawExpand(raw [][2]string, text string) [][2]string {
	out := append([][2]string(nil), raw...)
	for i, r := range out {
		if r[0] == "$expand" {
			out[i][1] = r[1] + "," + text
			return out
		}
	}
	return append(out, [2]string{"$expand", text})
}
