package replay

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestBatchSAPCloudSDKParser: the gateway's multipart $batch responses (a read, a
// committed change set, a failed change set) as the SAP Cloud SDK's own batch
// response parser (@sap-cloud-sdk/odata-common, used by its generated clients'
// batch()) reads them. Needs node and `npm install` in replay/testdata/sapsdk (.ci/run
// does it); skipped otherwise.
func TestBatchSAPCloudSDKParser(t *testing.T) {
	dir := filepath.Join("testdata", "sapsdk")
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not found: the SAP Cloud SDK batch check needs it")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@sap-cloud-sdk", "odata-common")); err != nil {
		t.Skip("run `npm install` in replay/testdata/sapsdk (as .ci/run does) for the SAP Cloud SDK batch check")
	}
	e := engines(t)[0] // SQLite: the response shape does not depend on the database
	g := start(t, e, nil, "-writable", "customers")
	b := &batchEnv{t: t, e: e, g: g}
	b.cur = str(e.scalar(t, "SELECT MIN("+e.q("CurrencyCode")+") FROM "+e.q("currencies")))
	b.existing = str(e.scalar(t, "SELECT MIN("+e.q("CustomerCode")+") FROM "+e.q("customers")))

	body := multipartBatch("batch_sdk",
		breq{method: "GET", url: "customers('" + b.existing + "')?$select=CustomerCode,CompanyName", header: []string{"Accept", "application/json"}},
		changeset{
			{id: "1", method: "POST", url: "customers", body: b.customer("SDK01", "Sdk One")},
			{id: "2", method: "PATCH", url: "$1", body: `{"CompanyName":"Sdk patched"}`},
		},
		changeset{
			{id: "1", method: "POST", url: "customers", body: b.customer("SDK01", "Duplicate")},
		},
	)
	res := do(t, http.MethodPost, g.url+"$batch", strings.NewReader(body), "Content-Type", "multipart/mixed; boundary=batch_sdk",
		"Prefer", "odata.continue-on-error")
	if res.status != http.StatusOK {
		t.Fatalf("$batch: %d %s", res.status, res.body)
	}
	in, _ := json.Marshal(map[string]string{"contentType": res.header.Get("Content-Type"), "body": string(res.body)})
	cmd := exec.Command("node", "parse-batch.js")
	cmd.Dir = dir
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("the SDK's parser failed: %v\n%s\nresponse:\n%s", err, stderr.String(), res.body)
	}
	type data struct {
		HTTPCode int            `json:"httpCode"`
		Body     map[string]any `json:"body"`
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(out, &parts); err != nil || len(parts) != 3 {
		t.Fatalf("SDK view: %s (%v)", out, err)
	}
	var read data
	var committed []data
	var failed data
	if json.Unmarshal(parts[0], &read) != nil || json.Unmarshal(parts[1], &committed) != nil || json.Unmarshal(parts[2], &failed) != nil {
		t.Fatalf("SDK view has the wrong shape: %s", out)
	}
	if read.HTTPCode != 200 || read.Body["CustomerCode"] != b.existing || read.Body["CompanyName"] != b.companyName(t, b.existing) {
		t.Errorf("read as the SDK sees it: %+v", read)
	}
	if len(committed) != 2 || committed[0].HTTPCode != 201 || committed[0].Body["CustomerCode"] != "SDK01" || committed[1].HTTPCode != 204 {
		t.Errorf("committed change set as the SDK sees it: %+v", committed)
	}
	if b.companyName(t, "SDK01") != "Sdk patched" {
		t.Errorf("database after the change set: %q", b.companyName(t, "SDK01"))
	}
	errBody, _ := failed.Body["error"].(map[string]any)
	if failed.HTTPCode != 409 || errBody["code"] != "DuplicateKey" {
		t.Errorf("failed change set as the SDK sees it: %+v", failed)
	}
}
