package console_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// client does not follow redirects, so a test sees the 303s.
func client(jar http.CookieJar) *http.Client {
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func do(t *testing.T, c *http.Client, method, url, bearer string, form url.Values) (int, http.Header, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(b)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, page string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no CSRF token in the page")
	}
	return m[1]
}

// The demo on loopback with no authentication and no admin token: open.
func TestAccessOpenOnLoopback(t *testing.T) {
	g := startDemo(t)
	base := "http://" + g.Addr + "/console/"
	c := client(nil)
	for _, p := range []string{"", "sets", "requests", "salesforce", "actions"} {
		st, h, body := do(t, c, "GET", base+p, "", nil)
		if st != 200 || !strings.Contains(body, `<nav>`) {
			t.Errorf("GET /console/%s = %d, want 200 with the navigation", p, st)
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("CSP %q", csp)
		}
		if strings.Contains(body, "<script") || strings.Contains(body, " style=") || strings.Contains(body, "<style") {
			t.Errorf("/console/%s has inline script or style", p)
		}
	}
	if _, _, ov := do(t, c, "GET", base, "", nil); !strings.Contains(ov, "SQLite 3.") {
		t.Errorf("the overview does not name the database server's version")
	}
	// Actions still need the CSRF token.
	st, _, _ := do(t, c, "POST", base+"actions/reload", "", url.Values{})
	if st != http.StatusForbidden {
		t.Errorf("reload without CSRF token = %d, want 403", st)
	}
	st, _, _ = do(t, c, "POST", base+"actions/reload", "", url.Values{"csrf": {"AAAA"}})
	if st != http.StatusForbidden {
		t.Errorf("reload with a wrong CSRF token = %d, want 403", st)
	}
	_, _, page := do(t, c, "GET", base+"actions", "", nil)
	st, h, _ := do(t, c, "POST", base+"actions/reload", "", url.Values{"csrf": {csrfOf(t, page)}})
	if st != http.StatusSeeOther || h.Get("Location") != "/console/actions" {
		t.Errorf("reload with the CSRF token = %d → %q, want 303 → /console/actions", st, h.Get("Location"))
	}
	if n := scrape(t, get(t, "http://"+g.Addr+"/metrics"))(`odatagw_schema_reloads_total{result="ok"}`); n != 1 {
		t.Errorf("reloads = %v after one accepted POST and two refused", n)
	}
}

// With an admin token the console needs it: no token → the sign-in form, a wrong
// token refused, a bearer token or a session cookie let in, CSRF on actions.
func TestAccessToken(t *testing.T) {
	const token = "s3cret-admin-token"
	g := startDemo(t, "-admin-token", token)
	base := "http://" + g.Addr + "/console/"
	c := client(nil)

	st, h, _ := do(t, c, "GET", base+"sets", "", nil)
	if st != http.StatusSeeOther || h.Get("Location") != "/console/login?next=%2Fconsole%2Fsets" {
		t.Errorf("GET without token = %d → %q, want 303 to the sign-in form", st, h.Get("Location"))
	}
	for _, p := range []string{"", "requests", "salesforce/package.zip", "no-such-page"} {
		if st, _, body := do(t, c, "GET", base+p, "wrong-token", nil); st != http.StatusUnauthorized || strings.Contains(body, "<nav>") {
			t.Errorf("GET /console/%s with a wrong bearer token = %d", p, st)
		}
	}
	if st, _, _ := do(t, c, "POST", base+"actions/reload", "", url.Values{}); st != http.StatusUnauthorized {
		t.Errorf("POST reload without token = %d, want 401", st)
	}
	if st, _, body := do(t, c, "GET", base+"sets", token, nil); st != 200 || !strings.Contains(body, `id="set-list"`) {
		t.Errorf("GET with the bearer token = %d", st)
	}

	// The sign-in form.
	st, _, body := do(t, c, "POST", base+"login", "", url.Values{"token": {"nope"}, "next": {"/console/sets"}})
	if st != http.StatusUnauthorized || !strings.Contains(body, "not the admin token") {
		t.Errorf("wrong token in the form = %d", st)
	}
	if strings.Contains(body, token) {
		t.Errorf("the sign-in page shows the token")
	}
	jar, _ := cookiejar.New(nil)
	cj := client(jar)
	st, h, _ = do(t, cj, "POST", base+"login", "", url.Values{"token": {token}, "next": {"/console/sets"}})
	if st != http.StatusSeeOther || h.Get("Location") != "/console/sets" {
		t.Fatalf("sign-in = %d → %q", st, h.Get("Location"))
	}
	ck := h.Get("Set-Cookie")
	for _, want := range []string{"HttpOnly", "SameSite=Strict", "Path=/console/"} {
		if !strings.Contains(ck, want) {
			t.Errorf("session cookie %q lacks %s", ck, want)
		}
	}
	if strings.Contains(ck, "Secure") || strings.Contains(ck, token) {
		t.Errorf("session cookie over plain HTTP: %q", ck)
	}
	// An open redirect is not possible through next.
	_, h, _ = do(t, client(nil), "POST", base+"login", "", url.Values{"token": {token}, "next": {"//evil.example/"}})
	if h.Get("Location") != "/console/" {
		t.Errorf("next=//evil.example/ redirected to %q", h.Get("Location"))
	}
	// Behind a TLS proxy the cookie is Secure.
	req, _ := http.NewRequest("POST", base+"login", strings.NewReader(url.Values{"token": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-Proto", "https")
	res, err := client(nil).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if !strings.Contains(res.Header.Get("Set-Cookie"), "Secure") {
		t.Errorf("cookie behind https is not Secure: %q", res.Header.Get("Set-Cookie"))
	}

	st, _, page := do(t, cj, "GET", base+"actions", "", nil)
	if st != 200 {
		t.Fatalf("actions with the session = %d", st)
	}
	if st, _, _ := do(t, cj, "POST", base+"actions/reload", "", url.Values{}); st != http.StatusForbidden {
		t.Errorf("reload with the session but no CSRF token = %d, want 403", st)
	}
	// Another session's token does not fit this one.
	jar2, _ := cookiejar.New(nil)
	cj2 := client(jar2)
	do(t, cj2, "POST", base+"login", "", url.Values{"token": {token}})
	_, _, page2 := do(t, cj2, "GET", base+"actions", "", nil)
	if csrfOf(t, page2) == csrfOf(t, page) {
		t.Errorf("two sessions share a CSRF token")
	}
	if st, _, _ := do(t, cj, "POST", base+"actions/reload", "", url.Values{"csrf": {csrfOf(t, page2)}}); st != http.StatusForbidden {
		t.Errorf("reload with another session's CSRF token = %d, want 403", st)
	}
	if st, _, _ := do(t, cj, "POST", base+"actions/reload", "", url.Values{"csrf": {csrfOf(t, page)}}); st != http.StatusSeeOther {
		t.Errorf("reload with the session's CSRF token = %d, want 303", st)
	}
	// A forged or tampered cookie is refused.
	forged := client(nil)
	req, _ = http.NewRequest("GET", base, nil)
	req.AddCookie(&http.Cookie{Name: "odatagw_console", Value: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.AAAA"})
	res, err = forged.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("forged cookie = %d, want 303 to sign in", res.StatusCode)
	}
	// Sign out clears the cookie.
	if st, h, _ := do(t, cj, "POST", base+"logout", "", url.Values{"csrf": {csrfOf(t, page)}}); st != http.StatusSeeOther || !strings.Contains(h.Get("Set-Cookie"), "Max-Age=0") {
		t.Errorf("sign out = %d, %q", st, h.Get("Set-Cookie"))
	}
}

// Off loopback, or with authentication configured, the console needs the admin
// token; without one it stays shut.
func TestAccessNotLoopback(t *testing.T) {
	for _, args := range [][]string{
		{"-listen", "0.0.0.0:0", "-allow-anonymous"},
		{"-basic-auth", "sf:pass"},
	} {
		g := startDemo(t, args...)
		base := "http://127.0.0.1:" + g.Addr[strings.LastIndexByte(g.Addr, ':')+1:] + "/console/"
		st, _, body := do(t, client(nil), "GET", base, "", nil)
		if st != http.StatusForbidden || !strings.Contains(body, "-admin-token") || strings.Contains(body, "<nav>") {
			t.Errorf("%v without -admin-token: GET /console/ = %d", args, st)
		}
		if st, _, _ := do(t, client(nil), "GET", base+"sets", "anything", nil); st != http.StatusForbidden {
			t.Errorf("%v: a bearer token opens a console without -admin-token: %d", args, st)
		}
		g2 := startDemo(t, append(args, "-admin-token", "tok-123456")...)
		base2 := "http://127.0.0.1:" + g2.Addr[strings.LastIndexByte(g2.Addr, ':')+1:] + "/console/"
		if st, _, _ := do(t, client(nil), "GET", base2, "", nil); st != http.StatusSeeOther {
			t.Errorf("%v with -admin-token, no token: %d, want 303 to sign in", args, st)
		}
		if st, _, _ := do(t, client(nil), "GET", base2, "tok-123456", nil); st != 200 {
			t.Errorf("%v with -admin-token, bearer: %d", args, st)
		}
	}
}

// Request URLs and slow queries never show a filter literal, a key value or a bound
// argument.
func TestMaskingEndToEnd(t *testing.T) {
	g := startDemo(t, "-slow-query", "1ns") // every statement is "slow"
	const lit, key = "Quux8472Literal", "QZX99"
	get(t, g.URL+"customers?$filter=CompanyName%20eq%20'"+lit+"'%20or%20CreditLimit%20gt%2012345.5&$top=7")
	get(t, g.URL+"customers?$search="+lit)
	http.Get(g.URL + "customers('" + key + "')")
	http.Get(g.URL + "customers?$filter=startswith(City,'" + lit + "')&@p=" + lit + "&custom=" + lit)
	base := "http://" + g.Addr + "/console/"
	_, _, page := do(t, client(nil), "GET", base+"requests", "", nil)
	for _, secret := range []string{lit, key, "12345.5"} {
		if strings.Contains(page, secret) {
			t.Errorf("the requests page shows %q", secret)
		}
	}
	for _, want := range []string{"CompanyName eq &#39;…&#39; or CreditLimit gt …", "$top=7", "customers(…)", "$search=…", "SELECT"} {
		if !strings.Contains(page, want) {
			t.Errorf("the requests page lacks %q", want)
		}
	}
	// Filters: by entity set and by status.
	_, _, only404 := do(t, client(nil), "GET", base+"requests?status=4xx", "", nil)
	if strings.Contains(only404, `<span class="pill ok">200</span>`) || !strings.Contains(only404, "customers(…)") {
		t.Errorf("status filter 4xx shows other requests")
	}
	_, _, again := do(t, client(nil), "GET", base+"requests", "", nil)
	if strings.Contains(again, "<code>/console/") || !strings.Contains(again, "customers(…)") {
		t.Errorf("the request list records the console's own pages")
	}
	_, _, meta := do(t, client(nil), "GET", base+"requests?set=%24metadata", "", nil)
	if strings.Contains(meta, "/odata/customers") {
		t.Errorf("entity-set filter $metadata shows customers requests")
	}
}
