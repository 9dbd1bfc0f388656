// Command direct is a load-test baseline: a minimal fiber handler that runs the
// benchmark's SQL directly on the demo SQLite database (page and count in one round
// trip, a prepared statement, the same pool sizes as the gateway) and writes the rows
// as OData JSON. It is the ceiling for a cache miss on the same machine.
//
//	direct -create FILE          creates the demo database in FILE and exits
//	direct -dsn FILE -listen A   serves /odata/customers (the list-view query only)
package main

import (
	"context"
	"database/sql"
	"flag"
	"log"
	"os"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/gofiber/fiber/v2"

	"github.com/odatagw/odatagw/adapters/sqlite"
	"github.com/odatagw/odatagw/demo"
)

// The SQL the gateway renders for
// customers?$select=CustomerCode,CompanyName,City,Country&$count=true&$top=26
// when it answers the count in the same round trip.
const query = `SELECT "CustomerCode", "CompanyName", "City", "Country", COUNT(*) OVER () FROM "customers" ORDER BY "CustomerCode" LIMIT ?`

// With -count separate: the two-statement shape (COUNT, then the page).
const (
	countQuery = `SELECT COUNT(*) FROM "customers"`
	pageQuery  = `SELECT "CustomerCode", "CompanyName", "City", "Country", 0 FROM "customers" ORDER BY "CustomerCode" LIMIT ?`
)

func main() {
	listen := flag.String("listen", "127.0.0.1:18181", "address")
	dsn := flag.String("dsn", "", "SQLite file")
	create := flag.String("create", "", "create the demo database in this file and exit")
	shape := flag.String("count", "window", "window: COUNT(*) OVER () in the page query; separate: COUNT(*) then the page")
	flag.Parse()
	ctx := context.Background()
	ad := sqlite.New()
	if *create != "" {
		if err := os.WriteFile(*create, nil, 0o600); err != nil {
			log.Fatal(err)
		}
		db, err := ad.Connect(ctx, *create)
		if err != nil {
			log.Fatal(err)
		}
		if err := demo.Create(ctx, db.DB, "sqlite"); err != nil {
			log.Fatal(err)
		}
		db.Close()
		return
	}
	db, err := ad.Connect(ctx, *dsn)
	if err != nil {
		log.Fatal(err)
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(8)
	text := query
	if *shape == "separate" {
		text = pageQuery
	}
	st, err := db.PrepareContext(ctx, text)
	if err != nil {
		log.Fatal(err)
	}
	cst, err := db.PrepareContext(ctx, countQuery)
	if err != nil {
		log.Fatal(err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/odata/customers", func(c *fiber.Ctx) error {
		top, err := strconv.Atoi(c.Query("$top", "26"))
		if err != nil {
			return fiber.ErrBadRequest
		}
		var count int64 = -1
		if *shape == "separate" {
			if err := cst.QueryRowContext(ctx).Scan(&count); err != nil {
				return err
			}
		}
		rows, err := st.QueryContext(ctx, top)
		if err != nil {
			return err
		}
		defer rows.Close()
		b, err := page(rows, count, "http://"+c.Hostname()+"/odata/$metadata#customers(CustomerCode,CompanyName,City,Country)")
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "application/json;odata.metadata=minimal;charset=utf-8")
		c.Set("OData-Version", "4.0")
		return c.Send(b)
	})
	log.Fatal(app.Listen(*listen))
}

var names = []string{"CustomerCode", "CompanyName", "City", "Country"}

// page encodes the rows; count < 0 takes the count from the rows' last column.
func page(rows *sql.Rows, count int64, ctxURL string) ([]byte, error) {
	var (
		vals [4]sql.NullString
		win  int64
		body []byte
		n    int
	)
	out := make([]byte, 0, 4096)
	for rows.Next() {
		if err := rows.Scan(&vals[0], &vals[1], &vals[2], &vals[3], &win); err != nil {
			return nil, err
		}
		if n > 0 {
			body = append(body, ',')
		}
		body = append(body, '{')
		for i, v := range vals {
			if i > 0 {
				body = append(body, ',')
			}
			body, _ = jsontext.AppendQuote(body, names[i])
			body = append(body, ':')
			if v.Valid {
				body, _ = jsontext.AppendQuote(body, v.String)
			} else {
				body = append(body, "null"...)
			}
		}
		body = append(body, '}')
		n++
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if count < 0 {
		count = win
	}
	out = append(out, `{"@odata.context":`...)
	out, _ = jsontext.AppendQuote(out, ctxURL)
	out = append(out, `,"@odata.count":`...)
	out = strconv.AppendInt(out, count, 10)
	out = append(out, `,"value":[`...)
	out = append(out, body...)
	return append(out, "]}"...), nil
}
