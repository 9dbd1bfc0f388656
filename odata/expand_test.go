package odata

import "testing"

// TestParseExpandLevels: $levels on * (the one option the grammar gives it) and on a
// named navigation property, with max; the other nested options stay with the item.
func TestParseExpandLevels(t *testing.T) {
	for _, tc := range []struct {
		in     string
		star   bool
		levels int
		raw    int // nested options kept for next links
	}{
		{"*", true, 0, 0},
		{"*($levels=2)", true, 2, 0},
		{"*(levels=3)", true, 3, 0},
		{"*($LEVELS=max)", true, LevelsMax, 0},
		{"Manager($levels=max)", false, LevelsMax, 1},
		{"DirectReports($select=Name;$levels=2;$top=3)", false, 2, 3},
	} {
		o, err := ParseQuery("$expand=" + tc.in)
		if err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		if len(o.Expand) != 1 {
			t.Fatalf("%s: %d items", tc.in, len(o.Expand))
		}
		it := o.Expand[0]
		if it.Star != tc.star || it.Levels != tc.levels || len(it.Raw) != tc.raw {
			t.Errorf("%s: star %v levels %d raw %v", tc.in, it.Star, it.Levels, it.Raw)
		}
	}
}
