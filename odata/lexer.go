package odata

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Character classes and small scanners shared by the expression, search and path
// parsers. The expression "lexer" is context-sensitive (the same characters mean
// different things at operand and at operator position), so instead of a token
// stream the parser calls these scanners at the position it is in.
//
// All positions are 0-based byte offsets into the (already percent-decoded) text.

// maxIdentRunes is the longest odataIdentifier: identifierLeadingCharacter
// *127identifierCharacter (ABNF §6).
const maxIdentRunes = 128

// isWS reports whether c is OData whitespace: ABNF RWS/BWS = SP / HTAB / "%20" / "%09".
// The percent-encoded forms are decoded before parsing.
func isWS(c byte) bool { return c == ' ' || c == '\t' }

func skipWS(s string, i int) int {
	for i < len(s) && isWS(s[i]) {
		i++
	}
	return i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func isAlpha(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// identStartAt returns the byte size of the identifierLeadingCharacter at s[i]
// (ALPHA / "_" / Unicode categories L and Nl), or 0.
func identStartAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	c := s[i]
	if c < utf8.RuneSelf {
		if isAlpha(c) || c == '_' {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size <= 1 {
		return 0
	}
	if unicode.IsLetter(r) || unicode.Is(unicode.Nl, r) {
		return size
	}
	return 0
}

// identPartAt returns the byte size of the identifierCharacter at s[i]
// (ALPHA / "_" / DIGIT / Unicode categories L, Nl, Nd, Mn, Mc, Pc, Cf), or 0.
func identPartAt(s string, i int) int {
	if i >= len(s) {
		return 0
	}
	c := s[i]
	if c < utf8.RuneSelf {
		if isAlpha(c) || c == '_' || isDigit(c) {
			return 1
		}
		return 0
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size <= 1 {
		return 0
	}
	if unicode.In(r, unicode.L, unicode.Nl, unicode.Nd, unicode.Mn, unicode.Mc, unicode.Pc, unicode.Cf) {
		return size
	}
	return 0
}

// scanIdent scans an odataIdentifier starting at i, which must be an identifier start.
// It returns the end offset and the identifier length in runes.
func scanIdent(s string, i int) (end, runes int) {
	n := identStartAt(s, i)
	if n == 0 {
		return i, 0
	}
	i += n
	runes = 1
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if isAlpha(c) || c == '_' || isDigit(c) {
				i++
				runes++
				continue
			}
			break
		}
		n := identPartAt(s, i)
		if n == 0 {
			break
		}
		i += n
		runes++
	}
	return i, runes
}

// isIdentifier reports whether s is exactly one odataIdentifier.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	end, runes := scanIdent(s, 0)
	return end == len(s) && runes <= maxIdentRunes
}

// wordAt reports whether s[i:] starts with word (ASCII, case-insensitive) and the word
// is not continued by an identifier character.
func wordAt(s string, i int, word string) bool {
	if len(s)-i < len(word) {
		return false
	}
	for k := 0; k < len(word); k++ {
		if lowerASCII(s[i+k]) != word[k] {
			return false
		}
	}
	return identPartAt(s, i+len(word)) == 0
}

// exactWordAt is wordAt, case-sensitive.
func exactWordAt(s string, i int, word string) bool {
	return strings.HasPrefix(s[i:], word) && identPartAt(s, i+len(word)) == 0
}

// Binary operator keywords (ABNF §4: andExpr, orExpr, eqExpr, …, hasExpr, inExpr) and
// their precedence, from OData 4.01 Part 2 §5.1.1.15 "Operator Precedence" (highest
// first):
//
//	Grouping        ( )
//	Primary         /  has  in  xxx()          → precHas
//	Unary           -  not  cast()             → precUnary
//	Multiplicative  mul div divby mod          → precMul
//	Additive        add sub                    → precAdd
//	Relational      gt ge lt le isof           → precRel
//	Equality        eq ne                      → precEq
//	Conditional AND and                        → precAnd
//	Conditional OR  or                         → precOr
//
// Note that in 4.01 `has` and `in` are Primary, i.e. they bind tighter than unary
// operators and arithmetic: `not X in (1,2)` is `not (X in (1,2))` and
// `A add B in (1,2)` is `A add (B in (1,2))`. Relational operators bind tighter than
// equality: `A gt B eq true` is `(A gt B) eq true`. All binary operators are
// left-associative. The ABNF itself is flat (commonExpr [arith] [compare] [and/or]);
// the table is what disambiguates it.
const (
	precOr    = 1
	precAnd   = 2
	precEq    = 3
	precRel   = 4
	precAdd   = 5
	precMul   = 6
	precUnary = 7
	precHas   = 8 // has, in
	precAtom  = 9
)

// binaryOpAt recognises a binary operator keyword at s[i]. Operator names are
// case-insensitive (OData 4.01 Part 2 §5.1.1.1: "4.01 Services MUST support
// case-insensitive operator names"); the returned op is the canonical lower-case name.
// The keyword must be followed by RWS (ABNF: RWS "eq" RWS commonExpr), so `a eqb` and
// `a eq(b)` are not operators. end is the offset just after the keyword.
func binaryOpAt(s string, i int) (op BinaryOp, prec, end int, ok bool) {
	j := i
	for j < len(s) && j-i <= 5 && isAlpha(s[j]) {
		j++
	}
	if j == i || j-i > 5 || j >= len(s) || !isWS(s[j]) {
		return "", 0, 0, false
	}
	w := s[i:j]
	var buf [5]byte
	for k := 0; k < len(w); k++ {
		buf[k] = lowerASCII(w[k])
	}
	switch string(buf[:len(w)]) {
	case "or":
		return OpOr, precOr, j, true
	case "and":
		return OpAnd, precAnd, j, true
	case "eq":
		return OpEq, precEq, j, true
	case "ne":
		return OpNe, precEq, j, true
	case "gt":
		return OpGt, precRel, j, true
	case "ge":
		return OpGe, precRel, j, true
	case "lt":
		return OpLt, precRel, j, true
	case "le":
		return OpLe, precRel, j, true
	case "add":
		return OpAdd, precAdd, j, true
	case "sub":
		return OpSub, precAdd, j, true
	case "mul":
		return OpMul, precMul, j, true
	case "div":
		return OpDiv, precMul, j, true
	case "divby":
		return OpDivBy, precMul, j, true
	case "mod":
		return OpMod, precMul, j, true
	case "has":
		return OpHas, precHas, j, true
	case "in":
		return OpIn, precHas, j, true
	}
	return "", 0, 0, false
}

// describeAt renders the token at s[i] for an error message: a word, a quoted
// literal's start, or a single character.
func describeAt(s string, i int) string {
	if i >= len(s) {
		return "end of input"
	}
	if isWS(s[i]) {
		return "whitespace"
	}
	end := i
	if identStartAt(s, i) > 0 || isDigit(s[i]) {
		for end < len(s) && end-i < 40 && (identPartAt(s, end) > 0 || s[end] == '.') {
			if n := identPartAt(s, end); n > 0 {
				end += n
			} else {
				end++
			}
		}
	}
	if end == i {
		return describeRune(s, i)
	}
	return "'" + s[i:end] + "'"
}

// describeRune renders the single character at s[i] for an error message.
func describeRune(s string, i int) string {
	if i >= len(s) {
		return "end of input"
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size <= 1 {
		return "invalid byte"
	}
	if r == '\'' {
		return `"'"`
	}
	return "'" + s[i:i+size] + "'"
}
