// Command odatagw serves a relational database as an OData 4.0 service.
// With no flags it serves an embedded demo database at http://127.0.0.1:8080/odata/.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/odatagw/odatagw/app"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := app.Run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
