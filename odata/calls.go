package odata

import (
	"math"
	"strconv"
	"strings"
)

// Function calls in expressions: the canonical functions' names and arities,
// call and cast/isof arguments, and in-lists.

// funcSpec describes a canonical function (ABNF methodCallExpr and friends).
type funcSpec struct {
	name        string // canonical spelling used in Call.Name
	min, max    int    // arity
	unsupported bool
}

// funcs is keyed by the lower-case name. 4.01 services must accept case-insensitive
// canonical function names (Part 2 §5.1.1.4).
var funcs = map[string]funcSpec{
	"contains":           {"contains", 2, 2, false},
	"startswith":         {"startswith", 2, 2, false},
	"endswith":           {"endswith", 2, 2, false},
	"length":             {"length", 1, 1, false},
	"indexof":            {"indexof", 2, 2, false},
	"substring":          {"substring", 2, 3, false},
	"tolower":            {"tolower", 1, 1, false},
	"toupper":            {"toupper", 1, 1, false},
	"trim":               {"trim", 1, 1, false},
	"concat":             {"concat", 2, 2, false},
	"matchespattern":     {"matchesPattern", 2, 2, false},
	"year":               {"year", 1, 1, false},
	"month":              {"month", 1, 1, false},
	"day":                {"day", 1, 1, false},
	"hour":               {"hour", 1, 1, false},
	"minute":             {"minute", 1, 1, false},
	"second":             {"second", 1, 1, false},
	"fractionalseconds":  {"fractionalseconds", 1, 1, false},
	"totalseconds":       {"totalseconds", 1, 1, false},
	"date":               {"date", 1, 1, false},
	"time":               {"time", 1, 1, false},
	"totaloffsetminutes": {"totaloffsetminutes", 1, 1, false},
	"now":                {"now", 0, 0, false},
	"maxdatetime":        {"maxdatetime", 0, 0, false},
	"mindatetime":        {"mindatetime", 0, 0, false},
	"round":              {"round", 1, 1, false},
	"floor":              {"floor", 1, 1, false},
	"ceiling":            {"ceiling", 1, 1, false},
	"cast":               {"cast", 1, 2, false},
	"isof":               {"isof", 1, 2, false},
	"substringof":        {"substringof", 2, 2, false}, // OData 2.0: substringof(needle, haystack)
	"hassubset":          {"hassubset", 2, 2, false},
	"hassubsequence":     {"hassubsequence", 2, 2, false},
	"geo.distance":       {"geo.distance", 2, 2, false},
	"geo.length":         {"geo.length", 1, 1, false},
	"geo.intersects":     {"geo.intersects", 2, 2, false},
	"case":               {"case", 1, math.MaxInt, true},
}

func lookupFunc(word string) (funcSpec, bool) {
	if f, ok := funcs[word]; ok {
		return f, true
	}
	f, ok := funcs[strings.ToLower(word)]
	return f, ok
}

func (f funcSpec) arity() string {
	switch {
	case f.min == f.max && f.min == 1:
		return "1 argument"
	case f.min == f.max:
		return strconv.Itoa(f.min) + " arguments"
	default:
		return strconv.Itoa(f.min) + " or " + strconv.Itoa(f.max) + " arguments"
	}
}

// parseCall parses name(args…). start is the name's offset, open the '(' offset.
func (p *parser) parseCall(start, open int, word string) (Expr, *Error) {
	s := p.src
	f, ok := lookupFunc(word)
	if !ok {
		if strings.EqualFold(word, "any") || strings.EqualFold(word, "all") {
			return nil, p.errAt(open, "%s() needs a collection path prefix, e.g. Items/%s(d:d/Price gt 5)", word, strings.ToLower(word))
		}
		// A key predicate on a collection (`Items(1)/Name`) or an unqualified function
		// call: which one, if any, is plan's question.
		args, err := p.parseSegArgs(open)
		if err != nil {
			return nil, err
		}
		return p.parsePath(start, "", []Segment{{Kind: SegCall, Name: word, Args: args, Offset: start}}, p.pos)
	}
	if f.unsupported {
		return nil, p.unsupported(start, "function "+f.name)
	}
	if err := p.enter(start); err != nil {
		return nil, err
	}
	p.pos = skipWS(s, open+1)
	var args []Expr
	if f.name == "cast" || f.name == "isof" {
		var err *Error
		if args, err = p.parseTypeArgs(); err != nil {
			return nil, err
		}
	} else if p.pos < len(s) && s[p.pos] == ')' {
		p.pos++
	} else {
		args = make([]Expr, 0, min(f.max, 3))
		for {
			a, err := p.parseExpr(precOr)
			if err != nil {
				return nil, err
			}
			args = append(args, a)
			p.pos = skipWS(s, p.pos)
			if p.pos < len(s) && s[p.pos] == ',' {
				p.pos = skipWS(s, p.pos+1)
				continue
			}
			if p.pos < len(s) && s[p.pos] == ')' {
				p.pos++
				break
			}
			return nil, p.expected("',' or ')'")
		}
	}
	p.depth--
	if len(args) < f.min || len(args) > f.max {
		return nil, p.errAt(start, "function %s takes %s, got %d", f.name, f.arity(), len(args))
	}
	return &Call{Name: f.name, Args: args, Offset: start}, nil
}

// parseTypeArgs parses the arguments of castExpr / isofExpr: "cast" OPEN BWS
// [ commonExpr BWS COMMA BWS ] optionallyQualifiedTypeName BWS CLOSE. p.pos is after
// "(" and BWS. Only primitive Edm types are supported.
func (p *parser) parseTypeArgs() ([]Expr, *Error) {
	s := p.src
	save := p.pos
	if tn, ok := p.typeName(); ok {
		if j := skipWS(s, p.pos); j < len(s) && s[j] == ')' {
			p.pos = j + 1
			return []Expr{tn}, nil
		}
	}
	p.pos = save
	x, err := p.parseExpr(precOr)
	if err != nil {
		return nil, err
	}
	p.pos = skipWS(s, p.pos)
	if p.pos >= len(s) || s[p.pos] != ',' {
		return nil, p.expected("',' and a type name")
	}
	p.pos = skipWS(s, p.pos+1)
	tn, ok := p.typeName()
	if !ok {
		return nil, p.expected("a type name")
	}
	p.pos = skipWS(s, p.pos)
	if p.pos >= len(s) || s[p.pos] != ')' {
		return nil, p.expected("')'")
	}
	p.pos++
	return []Expr{x, tn}, nil
}

// typeName scans optionallyQualifiedTypeName (dotted identifiers, or
// Collection(…)) at p.pos.
func (p *parser) typeName() (*TypeName, bool) {
	s, start := p.src, p.pos
	if identStartAt(s, start) == 0 {
		return nil, false
	}
	i := start
	for {
		end, _ := scanIdent(s, i)
		i = end
		if i < len(s) && s[i] == '.' && identStartAt(s, i+1) > 0 {
			i++
			continue
		}
		break
	}
	if s[start:i] == "Collection" && i < len(s) && s[i] == '(' {
		p.pos = i + 1
		inner, ok := p.typeName()
		if !ok || p.pos >= len(s) || s[p.pos] != ')' {
			p.pos = start
			return nil, false
		}
		i = p.pos + 1
		p.pos = i
		return &TypeName{Name: "Collection(" + inner.Name + ")", Offset: start}, true
	}
	p.pos = i
	return &TypeName{Name: s[start:i], Offset: start}, true
}

// parseInList parses the right operand of `in` (ABNF inExpr = RWS "in" RWS ( listExpr /
// commonExpr )): a parenthesised list of primitive literals, a single parenthesised
// expression (`X in (Y)`, kept as a one-item list), a JSON array (`X in ["a","b"]`,
// also a list), or another collection-valued expression (Coll).
func (p *parser) parseInList(in *In) *Error {
	s, i := p.src, p.pos
	if i >= len(s) {
		return p.expected("a list after 'in'")
	}
	switch s[i] {
	case '[':
		c, err := p.parseArray()
		if err != nil {
			return err
		}
		in.List = c.Items
		return nil
	case '(':
	default:
		x, err := p.parsePrimary()
		if err != nil {
			return err
		}
		in.Coll = x
		return nil
	}
	if err := p.enter(i); err != nil {
		return err
	}
	p.pos = skipWS(s, i+1)
	list := []Expr{}
	if p.pos < len(s) && s[p.pos] == ')' {
		p.pos++
		p.depth--
		in.List = list
		return nil
	}
	for {
		x, err := p.parseExpr(precOr)
		if err != nil {
			return err
		}
		list = append(list, x)
		p.pos = skipWS(s, p.pos)
		if p.pos < len(s) && s[p.pos] == ',' {
			p.pos = skipWS(s, p.pos+1)
			continue
		}
		if p.pos < len(s) && s[p.pos] == ')' {
			break
		}
		return p.expected("',' or ')'")
	}
	if len(list) > 1 { // listExpr: literals only; one item may be any (parenthesised) expression
		for _, x := range list {
			if _, ok := x.(*Literal); !ok {
				return p.errAt(x.Pos(), "the list after 'in' may only contain literals")
			}
		}
	}
	p.pos++
	p.depth--
	in.List = list
	return nil
}
