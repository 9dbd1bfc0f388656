// Package odata parses OData request URLs: the resource path, the system query options,
// and the $filter / $orderby / $search expression languages, into the typed AST of
// ast.go. It knows nothing of the catalog, SQL or HTTP and imports only the standard
// library.
//
// # Entry points
//
//	ParseURL(path, rawQuery, opts...)  whole request (path still percent-encoded; query raw)
//	ParsePath(rawPath)        resource path only
//	ParseQuery(rawQuery)      query options only
//	ParseFilter(s)            a decoded $filter value
//	ParseOrderBy(s)           a decoded $orderby value
//	ParseSearch(s)            a decoded $search value
//	Format(e), FormatSearch(e)  print OData syntax back (round-trips through the parsers)
//
// # Grammar
//
// The expression parser follows the OASIS OData ABNF 4.01 (commonExpr, §4) with the
// operator precedence of OData 4.01 Part 2 §5.1.1.15 (table in lexer.go). Operator
// and canonical function names are case-insensitive (4.01 Part 2 §5.1.1.1, §5.1.1.4)
// and printed lower-case; binary operators need whitespace on both sides. The OData 2.0
// literal forms and substringof() used by Salesforce Connect are accepted.
//
// # Errors
//
// Every error is an *Error. Syntax errors are 400 with codes InvalidFilter,
// InvalidOrderBy, InvalidSearch, InvalidSelect, InvalidKey, InvalidPath or
// InvalidQueryOption; $format gives UnsupportedFormat (406 for atom/xml, else 400).
// Every valid expression parses, including the parts that name things the parser
// cannot check (lambdas, $it/$this/$root, enums, geo, JSON arrays and objects, aliases,
// annotations, casts, custom and bound functions): whether the names exist and can be
// evaluated is plan's question. Valid OData the parser itself refuses is 501 with
// UnsupportedExpression (the case function, 2.0 time'…'), UnsupportedQueryOption
// ($expand, $apply, …) or UnsupportedPath (navigation, $entity, …).
// Messages name positions as 0-based byte offsets into the percent-decoded option value
// (or path segment), e.g. "$filter: unexpected ')' at position 17"; Expr.Pos() uses the
// same offsets. Nesting is capped by ParseOptions.MaxDepth (DefaultMaxDepth).
//
// # Canonical form
//
// Expr.String() and SearchExpr.String() give a canonical S-expression used as a cache
// key: `(or (eq Name 'x') (not (gt Price 5)))`, `(AND "a b" (NOT c))`. Whitespace,
// redundant parentheses, keyword case, '+' versus %20 and equivalent literal spellings
// do not change it. Literal forms are listed with appendLiteral in literaltext.go.
package odata
