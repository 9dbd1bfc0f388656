package odata

import "unicode/utf8"

// $search (ABNF searchExpr, OData 4.01 Part 2 §5.1.7):
//
//	searchExpr      = ( searchParenExpr / searchNegateExpr / searchPhrase / searchWord )
//	                  [ searchOrExpr / searchAndExpr ]
//	searchNegateExpr = %s"NOT" RWS searchExpr
//	searchOrExpr    = RWS %s"OR" RWS searchExpr
//	searchAndExpr   = RWS [ %s"AND" RWS ] searchExpr      ; juxtaposition is AND
//	searchPhrase    = quotation-mark 1*( qchar-no-AMP-DQUOTE / SP ) quotation-mark
//	searchExpr-incomplete = SQUOTE … SQUOTE               ; whole value single-quoted
//
// Precedence NOT > AND > OR; AND and OR are left-associative. AND, OR and NOT are
// operators only in upper case and only where an operand follows ("NOT", "AND OR" and
// "a AND" are searches for those words). A word is a run of characters other than
// whitespace, parentheses and '"' (so "brand-new", "3.14", "Δ", "O'Neil" are words).
// Phrases may escape '"' and '\' with a backslash. A whole value in single quotes
// ('…' with '' for a quote) is one phrase. Two operands must be separated by
// whitespace ("blue"green is an error). Leading and trailing whitespace is ignored.

// String returns the canonical form: a word bare (quoted if it could read as an
// operator or a single-quoted value: "AND", "'x"), a phrase always quoted with '"' and
// '\' escaped.
func (t *SearchTerm) String() string { return string(appendSearch(nil, t)) }

// String returns (AND x y) or (OR x y).
func (b *SearchBinary) String() string { return string(appendSearch(nil, b)) }

// String returns (NOT x).
func (n *SearchNot) String() string { return string(appendSearch(nil, n)) }

func wordNeedsQuotes(w string) bool {
	return w == "" || w == "AND" || w == "OR" || w == "NOT" || w[0] == '\''
}

func appendTerm(b []byte, t *SearchTerm) []byte {
	if !t.Phrase && !wordNeedsQuotes(t.Text) {
		return append(b, t.Text...)
	}
	b = append(b, '"')
	for i := 0; i < len(t.Text); i++ {
		if c := t.Text[i]; c == '"' || c == '\\' {
			b = append(b, '\\')
		}
		b = append(b, t.Text[i])
	}
	return append(b, '"')
}

func appendSearch(b []byte, e SearchExpr) []byte {
	switch n := e.(type) {
	case *SearchTerm:
		if n != nil {
			return appendTerm(b, n)
		}
	case *SearchBinary:
		if n != nil {
			b = append(b, '(')
			b = append(b, n.Op...)
			b = append(b, ' ')
			b = appendSearch(b, n.L)
			b = append(b, ' ')
			b = appendSearch(b, n.R)
			return append(b, ')')
		}
	case *SearchNot:
		if n != nil {
			b = append(b, "(NOT "...)
			b = appendSearch(b, n.X)
			return append(b, ')')
		}
	}
	return append(b, nilText...)
}

// FormatSearch prints e as $search syntax (not percent-encoded) with explicit AND/OR
// and parentheses only where precedence needs them, such that
// ParseSearch(FormatSearch(e)).String() == e.String().
func FormatSearch(e SearchExpr) string {
	return string(appendSearchFormat(nil, e))
}

func searchPrec(e SearchExpr) int {
	switch n := e.(type) {
	case *SearchBinary:
		if n != nil && n.Op == "OR" {
			return 1
		}
		return 2
	case *SearchNot:
		return 3
	}
	return 4
}

func appendSearchFormat(b []byte, e SearchExpr) []byte {
	paren := func(b []byte, x SearchExpr, need bool) []byte {
		if !need {
			return appendSearchFormat(b, x)
		}
		b = append(b, '(')
		b = appendSearchFormat(b, x)
		return append(b, ')')
	}
	switch n := e.(type) {
	case *SearchTerm:
		if n != nil {
			return appendTerm(b, n)
		}
	case *SearchBinary:
		if n != nil {
			p := searchPrec(n)
			b = paren(b, n.L, searchPrec(n.L) < p)
			b = append(b, ' ')
			b = append(b, n.Op...)
			b = append(b, ' ')
			return paren(b, n.R, searchPrec(n.R) <= p)
		}
	case *SearchNot:
		if n != nil {
			b = append(b, "NOT "...)
			return paren(b, n.X, searchPrec(n.X) < 3)
		}
	}
	return append(b, nilText...)
}

type searchTokKind uint8

const (
	stWord searchTokKind = iota
	stPhrase
	stOpen
	stClose
)

type searchTok struct {
	kind searchTokKind
	text string
	pos  int
}

type searchParser struct {
	p     parser // for errAt/enter
	toks  []searchTok
	i     int
	depth int
}

// ParseSearch parses a $search value (percent-decoded). Errors are 400
// "InvalidSearch" *Errors naming a 0-based byte position.
func ParseSearch(s string, opts ...ParseOptions) (SearchExpr, error) {
	e, err := parseSearch(s, maxDepth(opts))
	if err != nil {
		return nil, err
	}
	return e, nil
}

func parseSearch(s string, max int) (SearchExpr, *Error) {
	sp := searchParser{p: parser{src: s, max: max, target: "$search", code: codeSearch}}
	if !utf8.ValidString(s) {
		return nil, sp.p.errAt(invalidUTF8At(s), "invalid UTF-8")
	}
	start := skipWS(s, 0)
	end := len(s)
	for end > start && isWS(s[end-1]) {
		end--
	}
	if start == end {
		return nil, sp.p.errAt(start, "empty search expression")
	}
	// searchExpr-incomplete: the whole value is one single-quoted string.
	if s[start] == '\'' {
		if v, e, err := scanString(s, start); err == nil && e == end {
			if v == "" {
				return nil, sp.p.errAt(start, "empty search phrase")
			}
			return &SearchTerm{Text: v, Phrase: true}, nil
		}
	}
	if err := sp.tokenize(s, start, end); err != nil {
		return nil, err
	}
	x, err := sp.parseOr()
	if err != nil {
		return nil, err
	}
	if sp.i < len(sp.toks) {
		t := sp.toks[sp.i]
		return nil, sp.p.errAt(t.pos, "unexpected %s", describeAt(s, t.pos))
	}
	return x, nil
}

func (sp *searchParser) tokenize(s string, i, end int) *Error {
	prevOperand := false // the previous token ends an operand: word, phrase or ')'
	for i < end {
		ws := false
		if isWS(s[i]) {
			i = skipWS(s, i)
			ws = true
		}
		c := s[i]
		startsOperand := c != ')'
		if prevOperand && startsOperand && !ws {
			return sp.p.errAt(i, "expected whitespace before %s", describeRune(s, i))
		}
		switch c {
		case '(':
			sp.toks = append(sp.toks, searchTok{kind: stOpen, pos: i})
			i++
			prevOperand = false
			continue
		case ')':
			sp.toks = append(sp.toks, searchTok{kind: stClose, pos: i})
			i++
		case '"':
			start := i
			i++
			seg := i
			var b []byte
			for {
				if i >= end {
					return sp.p.errAt(start, "unterminated search phrase (unbalanced '\"')")
				}
				if s[i] == '\\' && i+1 < end && (s[i+1] == '"' || s[i+1] == '\\') {
					b = append(b, s[seg:i]...)
					b = append(b, s[i+1])
					i += 2
					seg = i
					continue
				}
				if s[i] == '"' {
					break
				}
				i++
			}
			text := s[seg:i]
			if b != nil {
				text = string(append(b, text...))
			}
			i++
			if text == "" {
				return sp.p.errAt(start, "empty search phrase")
			}
			sp.toks = append(sp.toks, searchTok{kind: stPhrase, text: text, pos: start})
		default:
			start := i
			for i < end && !isWS(s[i]) && s[i] != '(' && s[i] != ')' && s[i] != '"' {
				i++
			}
			sp.toks = append(sp.toks, searchTok{kind: stWord, text: s[start:i], pos: start})
		}
		prevOperand = true
	}
	return nil
}

func (sp *searchParser) canStart(i int) bool {
	return i < len(sp.toks) && sp.toks[i].kind != stClose
}

func (sp *searchParser) isOp(i int, op string) bool {
	return i < len(sp.toks) && sp.toks[i].kind == stWord && sp.toks[i].text == op && sp.canStart(i+1)
}

func (sp *searchParser) parseOr() (SearchExpr, *Error) {
	left, err := sp.parseAnd()
	if err != nil {
		return nil, err
	}
	for sp.isOp(sp.i, "OR") {
		sp.i++
		right, err := sp.parseAnd()
		if err != nil {
			return nil, err
		}
		left = &SearchBinary{Op: "OR", L: left, R: right}
	}
	return left, nil
}

func (sp *searchParser) parseAnd() (SearchExpr, *Error) {
	left, err := sp.parseNot()
	if err != nil {
		return nil, err
	}
	for {
		switch {
		case sp.isOp(sp.i, "AND"):
			sp.i++
		case sp.isOp(sp.i, "OR"), !sp.canStart(sp.i):
			return left, nil
		}
		right, err := sp.parseNot()
		if err != nil {
			return nil, err
		}
		left = &SearchBinary{Op: "AND", L: left, R: right}
	}
}

func (sp *searchParser) parseNot() (SearchExpr, *Error) {
	if sp.isOp(sp.i, "NOT") {
		pos := sp.toks[sp.i].pos
		if err := sp.p.enter(pos); err != nil {
			return nil, err
		}
		sp.i++
		x, err := sp.parseNot()
		if err != nil {
			return nil, err
		}
		sp.p.depth--
		return &SearchNot{X: x}, nil
	}
	return sp.parsePrimary()
}

func (sp *searchParser) parsePrimary() (SearchExpr, *Error) {
	if sp.i >= len(sp.toks) {
		return nil, sp.p.errAt(len(sp.p.src), "unexpected end of search expression")
	}
	t := sp.toks[sp.i]
	switch t.kind {
	case stWord:
		sp.i++
		return &SearchTerm{Text: t.text}, nil
	case stPhrase:
		sp.i++
		return &SearchTerm{Text: t.text, Phrase: true}, nil
	case stOpen:
		if err := sp.p.enter(t.pos); err != nil {
			return nil, err
		}
		sp.i++
		x, err := sp.parseOr()
		if err != nil {
			return nil, err
		}
		if sp.i >= len(sp.toks) || sp.toks[sp.i].kind != stClose {
			if sp.i < len(sp.toks) {
				return nil, sp.p.errAt(sp.toks[sp.i].pos, "expected ')'")
			}
			return nil, sp.p.errAt(t.pos, "unbalanced '(': missing ')'")
		}
		sp.i++
		sp.p.depth--
		return x, nil
	}
	return nil, sp.p.errAt(t.pos, "unexpected ')'")
}
