package odata

import (
	"sort"
	"strconv"
	"strings"
)

// ErrorCode is one entry of the error-code catalog: a code the gateway returns in
// error.code, the HTTP statuses it comes with, and what it means to a client.
type ErrorCode struct {
	Code     string
	Statuses []int
	Meaning  string
}

// ErrorCodes is the catalog of every OData error code the gateway returns. Codes are
// stable and never reused. TestErrorCatalog scans the product's source and fails when a
// code is returned that is not here (or with a status not listed), or when an entry
// is no longer returned anywhere; the README's "Error codes" table is rendered from it
// (ErrorCodeTable) and checked by the same test.
var ErrorCodes = []ErrorCode{
	// The request.
	{"InvalidPath", []int{400}, "the resource path is malformed (segments, parentheses, escaping)"},
	{"InvalidKey", []int{400}, "a key predicate is malformed, names a key property twice, misses one, or has a value of the wrong type"},
	{"InvalidQueryOption", []int{400}, "a system query option is unknown, repeated, malformed or out of range ($top, $skip, $count, $format…)"},
	{"InvalidFilter", []int{400}, "$filter is not a valid expression, or its operands have types that do not fit"},
	{"InvalidOrderBy", []int{400}, "$orderby is malformed or orders by something that cannot be ordered"},
	{"InvalidSearch", []int{400}, "$search is malformed (unbalanced quotes or parentheses, dangling operator)"},
	{"InvalidSelect", []int{400}, "$select is malformed"},
	{"InvalidAlias", []int{400}, "a parameter alias (@name) is malformed or its value does not parse"},
	{"UnknownAlias", []int{400}, "an expression uses a parameter alias the URL does not define"},
	{"InvalidPattern", []int{400}, "the pattern of matchesPattern is not a regular expression the gateway accepts"},
	{"InvalidSkipToken", []int{400}, "$skiptoken was not issued by this service (tampered, truncated or from another deployment)"},
	{"QueryTooComplex", []int{400}, "the expressions exceed -max-filter-nodes or -max-filter-depth, $expand expands more than 64 navigation properties in all, or an $expand level would read more than 200,000 rows"},
	{"UnknownFunction", []int{400}, "an expression calls a function OData does not define"},
	{"UnknownType", []int{400}, "cast or isof names a type that does not exist"},
	{"UnknownAnnotation", []int{400}, "a term or annotation the service does not know"},
	{"EntitySetNotFound", []int{400, 404}, "the entity set is not published (404 in the path, 400 inside an expression)"},
	{"PropertyNotFound", []int{400, 404}, "the property does not exist on the entity type (404 in the path, 400 inside $filter/$select/$orderby or a body)"},
	{"EntityNotFound", []int{404}, "no entity has this key"},
	{"NullValue", []int{400, 404}, "404: the requested property's value is null ($value of null); 400: a required property is missing or null in a write"},
	{"NotFound", []int{404}, "nothing is served at this URL"},
	{"DataServiceVersionTooLow", []int{400}, "the OData 2.0 root: MaxDataServiceVersion 1.0 with an option that needs 2.0 ($inlinecount, $select)"},
	{"UnsupportedFormat", []int{400, 406}, "$format or Accept asks for a format the service does not produce (406), or $format is malformed (400)"},
	{"UnsupportedExpression", []int{501}, "valid OData expression syntax the gateway does not implement"},
	{"UnsupportedQueryOption", []int{501}, "a valid system query option the gateway does not implement"},
	{"UnsupportedPath", []int{501}, "a valid resource path the gateway does not implement"},
	{"NotSupported", []int{501}, "valid OData that this database cannot answer"},
	{"URITooLong", []int{414}, "the request line is longer than the server accepts"},
	{"InvalidDeltaToken", []int{400}, "$deltatoken was not issued by this service (forged, mangled, another secret or another set)"},
	{"DeltaTokenExpired", []int{410}, "the delta token is older than the change log the database still keeps: track changes again from a full read"},
	// Writes.
	{"InvalidMethod", []int{400}, "X-HTTP-Method names a method that cannot be tunnelled"},
	{"MethodNotAllowed", []int{405}, "the method is not allowed on this resource"},
	{"ReadOnlyEntitySet", []int{405}, "the entity set is read-only (a view, or configured read-only)"},
	{"UnsupportedMediaType", []int{415}, "a write body is not application/json"},
	{"UnsupportedEncoding", []int{415}, "Content-Encoding is neither identity nor gzip"},
	{"RequestTooLarge", []int{413}, "the request body (after decompression) is larger than allowed"},
	{"InvalidBody", []int{400}, "the body is not a JSON object, or not valid JSON"},
	{"EmptyEntity", []int{400}, "a create or update carries no properties"},
	{"InvalidValue", []int{400}, "a value does not fit its property's type, length or range"},
	{"MissingKey", []int{400}, "a create omits a key property that the database does not generate"},
	{"MissingProperty", []int{400}, "a create omits a property the database requires"},
	{"KeyChanged", []int{400}, "an update tries to change a key property"},
	{"PreconditionFailed", []int{412}, "If-Match does not match the entity's current ETag"},
	{"DuplicateKey", []int{409}, "an entity with this key (or another unique value) already exists"},
	{"ForeignKeyViolation", []int{409}, "the entity refers to an entity that does not exist, or other entities refer to it"},
	{"CheckViolation", []int{400}, "a value violates a CHECK constraint of the database"},
	{"WrittenEntityNotFound", []int{500}, "the write succeeded but the stored entity could not be read back"},
	// $batch.
	{"InvalidBatch", []int{400}, "a $batch body is malformed (multipart or JSON), breaks the batch rules (GET in a change set, duplicate ids, a group split, a forward dependsOn), or nests a $batch"},
	{"BatchTooLarge", []int{413}, "a $batch holds more requests than -max-batch-requests"},
	{"ChangeSetFailed", []int{424}, "another request of the same JSON atomicity group failed, so none of the group's changes were kept"},
	{"BatchResponseTooLarge", []int{500}, "the responses of one $batch together pass the gateway's batch response limit; send fewer or smaller reads per batch"},
	{"FailedDependency", []int{424}, "a batch request depends on (dependsOn, or a $<id> reference) a request that failed"},
	// Access.
	{"Unauthorized", []int{401}, "credentials are missing or not valid"},
	{"CSRFTokenRequired", []int{403}, "a write needs the anti-CSRF token from 'X-CSRF-Token: Fetch'"},
	{"TooManyRequests", []int{429}, "a concurrency limit (global or per principal) is reached; retry after Retry-After"},
	// The database and the gateway.
	{"QueryTimeout", []int{504}, "the database did not answer within -query-timeout; the statement was cancelled"},
	{"DatabaseUnavailable", []int{503}, "the database cannot be reached; retry after Retry-After"},
	{"DatabaseBusy", []int{503}, "no database connection became free in time"},
	{"DatabaseError", []int{500}, "the database failed in a way the gateway does not classify (details in the log, not the response)"},
	{"DataConversion", []int{500}, "a stored value cannot be represented in its published type"},
	{"RowTooLarge", []int{500}, "one entity is larger than the streaming buffer allows"},
	{"RequestCanceled", []int{499}, "the client went away before the answer (logged, never seen by the client)"},
	{"ShuttingDown", []int{503}, "the gateway is shutting down; retry on another replica"},
	{"ReloadFailed", []int{503}, "a schema reload failed; the previous schema is still served"},
	{"InternalError", []int{500}, "a defect in the gateway (logged with the request id)"},
}

// LookupErrorCode returns the catalog entry of code.
func LookupErrorCode(code string) (ErrorCode, bool) {
	for _, c := range ErrorCodes {
		if c.Code == code {
			return c, true
		}
	}
	return ErrorCode{}, false
}

// ErrorCodeTable renders the catalog as the README's Markdown table, sorted by status
// then code. Errors raised by the HTTP framework itself carry their status text
// without spaces (for example "RequestHeaderFieldsTooLarge").
func ErrorCodeTable() string {
	rows := append([]ErrorCode(nil), ErrorCodes...)
	sort.SliceStable(rows, func(i, j int) bool {
		if rows[i].Statuses[0] != rows[j].Statuses[0] {
			return rows[i].Statuses[0] < rows[j].Statuses[0]
		}
		return rows[i].Code < rows[j].Code
	})
	var b strings.Builder
	b.WriteString("| code | status | meaning |\n| --- | --- | --- |\n")
	for _, r := range rows {
		st := make([]string, len(r.Statuses))
		for i, s := range r.Statuses {
			st[i] = strconv.Itoa(s)
		}
		b.WriteString("| `" + r.Code + "` | " + strings.Join(st, ", ") + " | " + r.Meaning + " |\n")
	}
	return b.String()
}
