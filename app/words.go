package app

import "healthcheck/city"

// officeName is an official account's office as people say it: 市经信局,
// or the district's 经信部门. It heads the official's pages and names the
// account in the audit log.
func officeName(c *city.Config, role, district string) string {
	if role == RoleDistrict {
		return c.DistrictName(district) + "经信部门"
	}
	return "市经信局"
}
