package plan

import (
	"errors"
	"regexp"
	"regexp/syntax"
	"strings"

	"github.com/odatagw/odatagw/odata"
)

// checkPattern validates the constant pattern of matchesPattern (an ECMAScript regular
// expression, OData 4.01 Part 2 §5.1.1.5.7) once, in Go, so that every database answers
// the same: a pattern that is not a regular expression is a 400 InvalidPattern; one
// that uses ECMAScript features RE2 lacks (look-around, back-references) is a 501.
// Patterns that are not constants are left to the database.
func checkPattern(x Expr, pos int, target string) error {
	c, ok := x.(*Const)
	if !ok {
		return nil
	}
	p, ok := c.V.(string)
	if !ok {
		return nil
	}
	_, err := regexp.Compile(p)
	if err == nil {
		return nil
	}
	var se *syntax.Error
	if errors.As(err, &se) {
		switch {
		case se.Code == syntax.ErrInvalidPerlOp && (strings.HasPrefix(se.Expr, "(?=") || strings.HasPrefix(se.Expr, "(?!") || strings.HasPrefix(se.Expr, "(?<")):
			return unsupported(target, pos, "look-around in matchesPattern patterns is not supported")
		case se.Code == syntax.ErrInvalidEscape && len(se.Expr) == 2 && se.Expr[1] >= '1' && se.Expr[1] <= '9':
			return unsupported(target, pos, "back-references in matchesPattern patterns are not supported")
		}
		return odata.BadRequest("InvalidPattern", target, "%s: invalid matchesPattern pattern: %s (position %d)", target, se.Code, pos+1)
	}
	return odata.BadRequest("InvalidPattern", target, "%s: invalid matchesPattern pattern (position %d)", target, pos+1)
}
