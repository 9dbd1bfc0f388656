package app

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/odatagw/odatagw/config"
	"github.com/odatagw/odatagw/salesforce"
)

// runSalesforce is `odatagw salesforce -public-url URL [-out DIR] [gateway flags]`: it
// prints the External Data Source settings that match the gateway's configuration
// (the same flags, environment and -config file the gateway runs with) and, with -out,
// writes a deployable Metadata API package.
func runSalesforce(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("odatagw salesforce", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("out", "", "directory to write the Metadata API package to (package.xml, externalDataSources/)")
	name := fs.String("name", "odatagw", "API name of the External Data Source")
	label := fs.String("label", "", "label of the External Data Source (default: the name)")
	pagination := fs.String("pagination", "CLIENT", "CLIENT (Salesforce pages with $top/$skip) or SERVER (the gateway's pages and next links)")
	apiVersion := fs.String("api-version", salesforce.DefaultAPIVersion, "Metadata API version of package.xml")
	compress := fs.Bool("compress", false, "turn on Compress Requests (gzip request bodies)")
	adapter := fs.String("adapter", "odata4", "Salesforce Connect adapter: odata4 (OData 4.0) or odata2 (OData 2.0, served at -v2-base-path)")
	format := fs.String("format", "atom", "payload format of the odata2 adapter: atom or json")
	objects := fs.Bool("objects", false, "connect to the database and add the external objects (<Set>__x) with External Lookups for its foreign keys to the package")
	own, rest := splitArgs(fs, args)
	if err := fs.Parse(own); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(stderr, "\nAll gateway flags (-public-url, -config, -writable, -csrf, -basic-auth, …) are accepted too.")
			return 0
		}
		return 2
	}
	cfg, err := config.Load(rest, getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "odatagw salesforce:", err)
		return 2
	}
	if cfg.PublicURL == "" {
		fmt.Fprintln(stderr, "odatagw salesforce: -public-url is required: the https:// service root Salesforce calls, e.g. https://gw.example.com/odata/")
		return 2
	}
	s := salesforceSettings(cfg) // console.go
	s.Name, s.Label, s.Pagination, s.Compression, s.APIVersion = *name, *label, *pagination, *compress, *apiVersion
	if s.Adapter = *adapter; strings.EqualFold(*adapter, "odata2") {
		if s.URL, err = v2PublicURL(cfg); err != nil {
			fmt.Fprintln(stderr, "odatagw salesforce:", err)
			return 2
		}
		s.Format, s.SearchOption = *format, cfg.SearchOption
	}
	if *objects {
		if s.Objects, err = catalogObjects(cfg); err != nil { // salesforce_objects.go
			fmt.Fprintln(stderr, "odatagw salesforce:", err)
			return 1
		}
	}
	if err := salesforce.Describe(stdout, s); err != nil {
		fmt.Fprintln(stderr, "odatagw salesforce:", err)
		return 2
	}
	if cfg.TrackChanges == "column" || cfg.TrackChanges == "log" {
		fmt.Fprintf(stdout, "\nChange tracking is on (-track-changes %s): tick Track Changes on the External Data Source and add the external objects to Change Data Capture to receive External Change Data Capture events (examples/salesforce, section 7).\n", cfg.TrackChanges)
	}
	if targets := indirectTargets(s.Objects); len(targets) > 0 {
		fmt.Fprintf(stdout, "\nIndirect Lookups match these fields; create each as a custom field with External ID and Unique before deploying: %s\n", strings.Join(targets, ", "))
	}
	if *out != "" {
		if err := salesforce.WritePackage(*out, s); err != nil {
			fmt.Fprintln(stderr, "odatagw salesforce:", err)
			return 1
		}
		fmt.Fprintf(stdout, "\nMetadata API package written to %s; deploy it with\n  sf project deploy start --metadata-dir %s --target-org <alias>\n", *out, *out)
	}
	return 0
}

// anyWritable reports whether the configuration makes any entity set writable.
func anyWritable(cfg *config.Config) bool {
	if len(cfg.Writable) > 0 {
		return true
	}
	for _, t := range cfg.Tables {
		if t.Writable != nil && *t.Writable {
			return true
		}
	}
	return false
}

// splitArgs separates the flags fs defines (with their values) from the rest.
func splitArgs(fs *flag.FlagSet, args []string) (own, rest []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if !strings.HasPrefix(a, "-") || f == nil {
			if name == "h" || name == "help" {
				own = append(own, a)
				continue
			}
			rest = append(rest, a)
			continue
		}
		own = append(own, a)
		if bf, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && bf.IsBoolFlag() {
			continue
		}
		if !hasVal && i+1 < len(args) {
			i++
			own = append(own, args[i])
		}
	}
	return own, rest
}

// indirectTargets lists the parent fields (Account.CustomerCode__c) the Indirect
// Lookups of objs match on, once each, in order.
func indirectTargets(objs []salesforce.Object) []string {
	var out []string
	seen := map[string]bool{}
	for _, o := range objs {
		for _, f := range o.Fields {
			if t := f.IndirectTo + "." + f.IndirectField; f.IndirectTo != "" && !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	return out
}
