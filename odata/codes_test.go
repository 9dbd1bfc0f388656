package odata_test

import (
	"flag"
	"os"
	"slices"

	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/odatagw/odatagw/odata"
)

// codeUse is one place the product builds an OData error.
type codeUse struct {
	code   string
	status int // 0: not a constant
	at     string
}

// httpStatuses maps net/http's status constant names to their values.
var httpStatuses = func() map[string]int {
	m := map[string]int{}
	for s := 100; s < 600; s++ {
		if t := http.StatusText(s); t != "" {
			m[statusConstName(t)] = s
		}
	}
	return m
}()

// statusConstName turns "Service Unavailable" into "StatusServiceUnavailable" (the
// naming rule of net/http's constants), with its few exceptions.
func statusConstName(text string) string {
	switch text {
	case "Request Entity Too Large":
		return "StatusRequestEntityTooLarge"
	case "Request URI Too Long":
		return "StatusRequestURITooLong"
	case "I'm a teapot":
		return "StatusTeapot"
	case "Non-Authoritative Information":
		return "StatusNonAuthoritativeInfo"
	case "HTTP Version Not Supported":
		return "StatusHTTPVersionNotSupported"
	case "Requested Range Not Satisfiable":
		return "StatusRequestedRangeNotSatisfiable"
	}
	var b strings.Builder
	b.WriteString("Status")
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return r == ' ' || r == '-' }) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// scanErrorCodes parses every non-test Go file of the module and returns each OData
// error code the product can return: the code argument of odata.Errorf, BadRequest,
// NotImplemented and NotFound, and the Code field of odata.Error literals. A code
// given by anything but a string literal or a package-level string constant is
// reported as unresolved.
func scanErrorCodes(t *testing.T, root string) (uses []codeUse, unresolved []string) {
	t.Helper()
	fset := token.NewFileSet()
	type pkgFiles struct{ files []*ast.File }
	pkgs := map[string]*pkgFiles{}           // dir → files
	consts := map[string]map[string]string{} // package name → const → value
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "node_modules" || n == "examples" || n == "bench") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		dir := filepath.Dir(path)
		if pkgs[dir] == nil {
			pkgs[dir] = &pkgFiles{}
		}
		pkgs[dir].files = append(pkgs[dir].files, f)
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					if i < len(vs.Values) {
						if lit, ok := vs.Values[i].(*ast.BasicLit); ok && lit.Kind == token.STRING {
							v, _ := strconv.Unquote(lit.Value)
							if consts[f.Name.Name] == nil {
								consts[f.Name.Name] = map[string]string{}
							}
							consts[f.Name.Name][name.Name] = v
						}
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pkgs {
		for _, f := range p.files {
			pkg := f.Name.Name
			str := func(e ast.Expr) (string, bool) {
				switch x := e.(type) {
				case *ast.BasicLit:
					if x.Kind == token.STRING {
						v, err := strconv.Unquote(x.Value)
						return v, err == nil
					}
				case *ast.Ident:
					v, ok := consts[pkg][x.Name]
					return v, ok
				case *ast.SelectorExpr:
					if id, ok := x.X.(*ast.Ident); ok {
						v, ok := consts[id.Name][x.Sel.Name]
						return v, ok
					}
				}
				return "", false
			}
			status := func(e ast.Expr) int {
				switch x := e.(type) {
				case *ast.BasicLit:
					n, _ := strconv.Atoi(x.Value)
					return n
				case *ast.SelectorExpr:
					if id, ok := x.X.(*ast.Ident); ok && id.Name == "http" {
						return httpStatuses[x.Sel.Name]
					}
				}
				return 0
			}
			record := func(codeExpr ast.Expr, st int, pos token.Pos) {
				at := fset.Position(pos).String()
				if code, ok := str(codeExpr); ok {
					uses = append(uses, codeUse{code, st, at})
					return
				}
				switch x := codeExpr.(type) {
				case *ast.SelectorExpr:
					if x.Sel.Name == "Code" {
						return // passes on the code of an error that was itself scanned
					}
					if x.Sel.Name == "code" {
						return // the parser's own code: its parser{code: …} literals are scanned
					}
				case *ast.CallExpr:
					if sel, ok := x.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "StatusText" {
						return // an HTTP framework error: its status text, catalogued as a family
					}
				case *ast.Ident:
					if x.Name == "code" {
						return // a helper's parameter: its callers are scanned
					}
				}
				unresolved = append(unresolved, at)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch x := n.(type) {
				case *ast.CallExpr:
					name, fromOData := "", false
					switch fn := x.Fun.(type) {
					case *ast.SelectorExpr:
						if id, ok := fn.X.(*ast.Ident); ok && id.Name == "odata" {
							name, fromOData = fn.Sel.Name, true
						}
					case *ast.Ident:
						name, fromOData = fn.Name, pkg == "odata"
					}
					if len(x.Args) >= 2 && name != "Errorf" {
						st := status(x.Args[0])
						if _, ok := str(x.Args[1]); ok && st >= 100 && st <= 599 { // a local helper like e(http.StatusConflict, "DuplicateKey", …)
							record(x.Args[1], st, x.Pos())
							return true
						}
					}
					if !fromOData {
						return true
					}
					switch name {
					case "Errorf":
						if len(x.Args) >= 2 {
							if id, ok := x.Args[1].(*ast.Ident); ok && id.Name == "code" && pkg == "odata" {
								return true // the helpers in error.go themselves
							}
							record(x.Args[1], status(x.Args[0]), x.Pos())
						}
					case "BadRequest", "NotImplemented", "NotFound":
						if len(x.Args) >= 1 {
							if id, ok := x.Args[0].(*ast.Ident); ok && id.Name == "code" && pkg == "odata" {
								return true
							}
							st := map[string]int{"BadRequest": 400, "NotImplemented": 501, "NotFound": 404}[name]
							record(x.Args[0], st, x.Pos())
						}
					}
				case *ast.CompositeLit:
					isErr := false
					switch ty := x.Type.(type) {
					case *ast.SelectorExpr:
						id, ok := ty.X.(*ast.Ident)
						isErr = ok && id.Name == "odata" && ty.Sel.Name == "Error"
					case *ast.Ident:
						isErr = pkg == "odata" && ty.Name == "Error"
					}
					if id, ok := x.Type.(*ast.Ident); ok && pkg == "odata" && id.Name == "parser" {
						for _, el := range x.Elts { // the parser's syntax errors carry its code (400)
							if kv, ok := el.(*ast.KeyValueExpr); ok && kv.Key.(*ast.Ident).Name == "code" {
								record(kv.Value, http.StatusBadRequest, x.Pos())
							}
						}
					}
					if !isErr {
						return true
					}
					var codeExpr, stExpr ast.Expr
					for _, el := range x.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							switch kv.Key.(*ast.Ident).Name {
							case "Code":
								codeExpr = kv.Value
							case "Status":
								stExpr = kv.Value
							}
						}
					}
					if codeExpr != nil {
						st := 0
						if stExpr != nil {
							st = status(stExpr)
						}
						record(codeExpr, st, x.Pos())
					}
				}
				return true
			})
		}
	}
	sort.Slice(uses, func(i, j int) bool { return uses[i].code < uses[j].code })
	return uses, unresolved
}

var updateReadme = flag.Bool("update-readme", false, "rewrite the README's error-code table from odata.ErrorCodes")

const (
	readmeBegin = "<!-- error-codes:begin (generated from odata.ErrorCodes by go test ./odata -run TestErrorCatalog -update-readme) -->\n"
	readmeEnd   = "<!-- error-codes:end -->"
)

// TestErrorCatalog keeps odata.ErrorCodes true: every code the product returns is in
// it with the status it is returned with, every entry is still returned somewhere, and
// the README's table is the catalog's rendering.
func TestErrorCatalog(t *testing.T) {
	uses, unresolved := scanErrorCodes(t, "..")
	if len(uses) < 50 {
		t.Fatalf("the scan found only %d error constructions: it no longer sees the product's errors", len(uses))
	}
	for _, at := range unresolved {
		t.Errorf("%s: the error code is neither a string literal nor a package-level constant; the catalog check cannot see it", at)
	}
	used := map[string]bool{}
	for _, u := range uses {
		used[u.code] = true
		entry, ok := odata.LookupErrorCode(u.code)
		if !ok {
			t.Errorf("%s: code %q is not in odata.ErrorCodes (odata/codes.go): add it with its status and meaning", u.at, u.code)
			continue
		}
		if u.status != 0 && !slices.Contains(entry.Statuses, u.status) {
			t.Errorf("%s: code %q is returned with status %d, but the catalog lists %v", u.at, u.code, u.status, entry.Statuses)
		}
	}
	seen := map[string]bool{}
	for _, c := range odata.ErrorCodes {
		if seen[c.Code] {
			t.Errorf("code %q is catalogued twice", c.Code)
		}
		seen[c.Code] = true
		if !used[c.Code] {
			t.Errorf("code %q is catalogued but nothing returns it any more: remove it", c.Code)
		}
		if len(c.Statuses) == 0 || c.Meaning == "" {
			t.Errorf("code %q needs a status and a meaning", c.Code)
		}
	}

	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(readme)
	b, e := strings.Index(text, readmeBegin), strings.Index(text, readmeEnd)
	if b < 0 || e < b {
		t.Fatalf("README.md lacks the generated error-code table between %q and %q", strings.TrimSpace(readmeBegin), readmeEnd)
	}
	want := odata.ErrorCodeTable()
	if got := text[b+len(readmeBegin) : e]; got != want {
		if *updateReadme {
			if err := os.WriteFile("../README.md", []byte(text[:b+len(readmeBegin)]+want+text[e:]), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's error-code table is stale: run go test ./odata -run TestErrorCatalog -update-readme")
	}
}
