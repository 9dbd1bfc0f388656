package app

import "io"

func runSalesforce(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	return 2
}
