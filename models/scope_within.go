package models

import "healthcheck/apperr"

// Within narrows the scope to a district asked for in a request: the bureau
// may pick any district, an official only their own, a firm none. A district
// outside the scope does not exist (NotFound), as a record would not.
func (s Scope) Within(district string) (Scope, error) {
	n := s.Narrow(district)
	if district != "" && !n.city && n.district != district {
		return Scope{}, apperr.New(apperr.NotFound, "未找到该区县")
	}
	return n, nil
}
