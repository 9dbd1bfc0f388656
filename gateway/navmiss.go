package gateway

import (
	"context"
	"net/http"

	"github.com/odatagw/odatagw/odata"
	"github.com/odatagw/odatagw/plan"
	"github.com/odatagw/odatagw/sqlgen"
)

// A navigation path (Set(key)/Nav) reads the related rows with the parent's key inside
// an EXISTS, so an empty answer cannot tell a parent without related rows from a parent
// that does not exist. Only then, on the miss, one key lookup of the parent decides
// (q.Parent, a COUNT(*) on the key): a read that finds rows costs nothing more.

// navMiss answers a navigation path read that found no row. When the parent does not
// exist it is 404 EntityNotFound; when it exists, a to-one navigation without a
// related entity is 204 No Content (OData 4.0 Protocol §11.2.6), also for a property
// after it (Orders(x)/Customer/CompanyName, with or without /$value), and for a collection
// or a $count it returns nil, nil: the empty answer stands. Reads that are not
// navigation paths return nil, nil without asking. The read's rows must be closed.
func (s *Service) navMiss(ctx context.Context, x *read) (*Response, error) {
	p := x.q.Parent
	if p == nil {
		return nil, nil
	}
	text, args, err := sqlgen.Count(p, s.Dialect)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	qctx, cancel := context.WithCancel(ctx) // gives the slot back as soon as it is read
	defer cancel()
	rows, err := s.query(qctx, text, args)
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	n, err := scanCount(rows)
	rows.Close()
	if err != nil {
		return nil, s.readError(ctx, err)
	}
	if n == 0 {
		set := p.Table.SetName
		return nil, odata.NotFound("EntityNotFound", set, "no entity in '%s' has this key", set)
	}
	if k := x.q.Kind; k == plan.Entity || k == plan.Property || k == plan.PropertyValue {
		return &Response{Status: http.StatusNoContent, Timings: x.t}, nil
	}
	return nil, nil
}
