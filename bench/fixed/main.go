// Command fixed is a load-test baseline: a minimal fiber handler that answers every
// GET with the same bytes (the gateway's own answer to the benchmark query, read from
// -body). It is the ceiling for a cached read on the same machine.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/gofiber/fiber/v2"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:18182", "address")
	file := flag.String("body", "", "file holding the response body")
	ctype := flag.String("content-type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8", "Content-Type")
	flag.Parse()
	body, err := os.ReadFile(*file)
	if err != nil {
		log.Fatal(err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/*", func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderContentType, *ctype)
		c.Set("OData-Version", "4.0")
		return c.Send(body)
	})
	log.Fatal(app.Listen(*listen))
}
