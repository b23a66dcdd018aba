package roster

import (
	"strconv"
	"strings"
)

// CheckValue checks one roster value on its own — a correction a firm asked
// for, as the bureau accepts it — by the same rules as an imported row, and
// returns it as stored (district and industry as codes, revenue with two
// decimals in 万元) with, for revenue, its size band.
func CheckValue(field, value string, rules Rules) (stored, band, reason string) {
	p := &parser{rules: rules, l: &layout{unit: revenueUnits[""]}}
	value = strings.TrimSpace(value)
	switch field {
	case "name":
		stored, reason = Text(value, 100, true)
	case "district":
		stored, reason = p.district(value)
	case "industry":
		stored, reason = industry(value)
	case "revenue_wan":
		v, why := p.revenue(value)
		if why != "" {
			return "", "", why
		}
		if rules.BandOf != nil {
			band = rules.BandOf(v)
		}
		stored = v.String()
	case "employees":
		n, why := p.employees(value)
		stored, reason = strconv.Itoa(n), why
	default:
		return "", "", "不能更正这一项"
	}
	if reason != "" {
		return "", "", reason
	}
	return stored, band, ""
}
