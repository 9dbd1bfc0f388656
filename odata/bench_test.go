package odata

import "testing"

// A typical Salesforce Connect search filter (salesforce-connect.md §9 D4).
const benchFilter = "contains(CompanyName,'Acme') eq true or contains(Phone,'Acme') eq true"

func BenchmarkParseFilter(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFilter(benchFilter); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFilterString(b *testing.B) {
	e, err := ParseFilter(benchFilter)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		_ = e.String()
	}
}

func BenchmarkParseURL(b *testing.B) {
	const query = "$select=CompanyName,Phone,ShipperID&$count=true" +
		"&$filter=contains(CompanyName,'Acme')+eq+true+or+contains(Phone,'Acme')+eq+true" +
		"&$orderby=CompanyName+desc,ShipperID&$top=26"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseURL("Shippers", query); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseURLKey(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseURL("Order_Details(OrderID=10248,ProductID=11)", "$select=OrderID,Quantity"); err != nil {
			b.Fatal(err)
		}
	}
}
