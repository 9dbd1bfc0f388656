// Package examples holds runnable set-ups; this test starts each one and queries it
// once, so the examples cannot rot.
package examples_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"

	"github.com/odatagw/odatagw/app"
	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/demo"
)

func start(t *testing.T, args []string, getenv func(string) string) *app.Gateway {
	t.Helper()
	cfg, err := config.Load(append([]string{"-listen", "127.0.0.1:0"}, args...), getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	g, err := app.Start(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { g.Stop() })
	return g
}

func getJSON(t *testing.T, url string) map[string]any {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, body)
	}
	var v map[string]any
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return v
}

func TestDemo(t *testing.T) {
	g := start(t, []string{"-config", "demo/odatagw.yaml"}, func(string) string { return "" })
	v := getJSON(t, g.URL+"v_open_orders?$top=3&$count=true")
	if n, _ := v["@odata.count"].(float64); n != float64(demo.RowCounts()["v_open_orders"]) {
		t.Errorf("v_open_orders count = %v, want %d", v["@odata.count"], demo.RowCounts()["v_open_orders"])
	}
	if rows := v["value"].([]any); len(rows) != 3 {
		t.Errorf("got %d rows, want 3", len(rows))
	}
}

func TestMySQL(t *testing.T) {
	dsn := os.Getenv("ODATAGW_TEST_MYSQL_DSN")
	if dsn == "" {
		t.Skip("ODATAGW_TEST_MYSQL_DSN is not set: the MySQL example is not started")
	}
	c, err := mysql.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	name := fmt.Sprintf("odatagw_examples_%d", os.Getpid())
	if _, err := admin.Exec("CREATE DATABASE `" + name + "` CHARACTER SET utf8mb4"); err != nil {
		t.Fatalf("create scratch database: %v", err)
	}
	defer admin.Exec("DROP DATABASE `" + name + "`")
	c.DBName = name
	c.ParseTime = true
	db, err := sql.Open("mysql", c.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := demo.Create(context.Background(), db, "mysql"); err != nil {
		t.Fatal(err)
	}
	c.ParseTime = false
	env := map[string]string{"ODATAGW_DSN": c.FormatDSN()}
	g := start(t, []string{"-config", "mysql/odatagw.yaml"}, func(k string) string { return env[k] })
	v := getJSON(t, g.URL+"OrderLines?$top=2&$count=true&$filter=Quantity%20gt%200")
	var want int
	if err := db.QueryRow("SELECT COUNT(*) FROM `Order Lines` WHERE Quantity > 0").Scan(&want); err != nil {
		t.Fatal(err)
	}
	if n, _ := v["@odata.count"].(float64); int(n) != want {
		t.Errorf("OrderLines count = %v, want %d", v["@odata.count"], want)
	}
	meta, err := http.Get(g.URL + "$metadata")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(meta.Body)
	meta.Body.Close()
	if strings.Contains(string(body), `"audit_log"`) || !strings.Contains(string(body), `EntitySet Name="v_order_details"`) {
		t.Errorf("example config not applied to $metadata")
	}
}
