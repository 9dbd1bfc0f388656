// Package jsonfmt writes OData 4.0 JSON payloads (service document, collections,
// single entities and properties, errors) and formats driver values per EDM type.
//
// It is the response hot path: values go straight from what database/sql scanned into
// `any` to JSON bytes, with no intermediate maps or reflection, and a collection costs
// a constant number of allocations per page, none per row.
//
// Formatting rules (see AppendValue for the per-type details):
//   - Edm.Int64 and Edm.Decimal are JSON numbers carrying the database's digits
//     verbatim (never via float64), or JSON strings with IEEE754Compatible.
//   - Edm.Double/Single NaN and infinities are the strings "NaN", "INF", "-INF".
//   - Edm.DateTimeOffset is written in UTC with a "Z"; Edm.Date as YYYY-MM-DD.
//   - Invalid UTF-8 in strings becomes U+FFFD.
//
// A value that cannot be represented in its property's type is reported as a
// *ValueError (wrapping ErrConversion); nothing here panics on data.
//
// The package knows no SQL and no HTTP: callers hand it an io.Writer or a []byte.
package jsonfmt
