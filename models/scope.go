package models

import "gorm.io/gorm"

// Scope is what a session may see: one firm, one district or the whole city.
// Every query on firms' data takes one; outside it a record does not exist.
type Scope struct {
	enterpriseID int64
	district     string
	city         bool
}

// FirmScope sees one enterprise.
func FirmScope(enterpriseID int64) Scope { return Scope{enterpriseID: enterpriseID} }

// DistrictScope sees the firms of one district (GB/T 2260 code).
func DistrictScope(code string) Scope { return Scope{district: code} }

// CityScope sees everything.
func CityScope() Scope { return Scope{city: true} }

// IsCity reports whether the scope is the whole city.
func (s Scope) IsCity() bool { return s.city }

// District is the district of a district scope, "" otherwise.
func (s Scope) District() string { return s.district }

// EnterpriseID is the firm of a firm scope, 0 otherwise.
func (s Scope) EnterpriseID() int64 { return s.enterpriseID }

// Narrow restricts a city scope to one district; a district or firm scope is
// returned unchanged when it asks for its own district and becomes empty
// (sees nothing) when it asks for another.
func (s Scope) Narrow(district string) Scope {
	switch {
	case district == "":
		return s
	case s.city:
		return DistrictScope(district)
	case s.district == district:
		return s
	default:
		return Scope{} // sees nothing (a NUL sentinel would be refused by PostgreSQL)
	}
}

// where is the scope as a SQL condition on roster_entries aliased alias.
func (s Scope) where(alias string) (string, []any) {
	switch {
	case s.city:
		return "1 = 1", nil
	case s.enterpriseID != 0:
		return alias + ".enterprise_id = ?", []any{s.enterpriseID}
	case s.district != "":
		return alias + ".district = ?", []any{s.district}
	default:
		return "1 = 0", nil
	}
}

// on filters a query of roster_entries (aliased as table) by the scope. A zero
// Scope sees nothing, so a forgotten scope fails closed.
func (s Scope) on(q *gorm.DB, table string) *gorm.DB {
	if s.city {
		return q
	}
	cond, args := s.where(table)
	return q.Where(cond, args...)
}
