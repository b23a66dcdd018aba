// Package city holds the configuration of the city running the health check:
// its districts (GB/T 2260) and the manufacturing divisions of GB/T 4754-2017.
// Districts are data, so another city needs a file, not a code change.
package city

import (
	_ "embed"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed jiaxing.yaml
var jiaxing []byte

// District is a county-level division.
type District struct {
	Code string `yaml:"code"`
	Name string `yaml:"name"`
}

// Config is one city.
type Config struct {
	Name            string     `yaml:"name"`
	Code            string     `yaml:"code"`
	Bureau          string     `yaml:"bureau"`
	ServicePlatform string     `yaml:"service_platform"`
	Districts       []District `yaml:"districts"`
}

var codeRe = regexp.MustCompile(`^\d{6}$`)

// Default is Jiaxing, built into the binary.
func Default() *Config {
	c, err := parse(jiaxing)
	if err != nil {
		panic(err) // the embedded file is checked by tests
	}
	return c
}

// Load reads a city file; an empty path gives the default.
func Load(path string) (*Config, error) {
	if path == "" {
		return Default(), nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("city: %w", err)
	}
	return parse(b)
}

func parse(b []byte) (*Config, error) {
	var c Config
	if err := yaml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("city: decode: %w", err)
	}
	if c.Name == "" || len(c.Districts) == 0 {
		return nil, fmt.Errorf("city: a name and at least one district are required")
	}
	seen := map[string]bool{}
	for _, d := range c.Districts {
		if !codeRe.MatchString(d.Code) || d.Name == "" || seen[d.Code] || seen[d.Name] {
			return nil, fmt.Errorf("city: district %q %q: six-digit code and a name, each unique", d.Code, d.Name)
		}
		seen[d.Code], seen[d.Name] = true, true
	}
	return &c, nil
}

// DistrictName returns the name of a district code, or the code itself.
func (c *Config) DistrictName(code string) string {
	for _, d := range c.Districts {
		if d.Code == code {
			return d.Name
		}
	}
	return code
}

// HasDistrict reports whether code is one of the city's districts.
func (c *Config) HasDistrict(code string) bool {
	for _, d := range c.Districts {
		if d.Code == code {
			return true
		}
	}
	return false
}

// ResolveDistrict accepts a GB/T 2260 code or a district's name (with or
// without surrounding spaces) and returns the code.
func (c *Config) ResolveDistrict(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, d := range c.Districts {
		if d.Code == s || d.Name == s {
			return d.Code, true
		}
	}
	return "", false
}

// industries are the manufacturing divisions (门类 C) of GB/T 4754-2017.
var industries = map[int]string{
	13: "农副食品加工业", 14: "食品制造业", 15: "酒、饮料和精制茶制造业", 16: "烟草制品业", 17: "纺织业",
	18: "纺织服装、服饰业", 19: "皮革、毛皮、羽毛及其制品和制鞋业", 20: "木材加工和木、竹、藤、棕、草制品业",
	21: "家具制造业", 22: "造纸和纸制品业", 23: "印刷和记录媒介复制业", 24: "文教、工美、体育和娱乐用品制造业",
	25: "石油、煤炭及其他燃料加工业", 26: "化学原料和化学制品制造业", 27: "医药制造业", 28: "化学纤维制造业",
	29: "橡胶和塑料制品业", 30: "非金属矿物制品业", 31: "黑色金属冶炼和压延加工业", 32: "有色金属冶炼和压延加工业",
	33: "金属制品业", 34: "通用设备制造业", 35: "专用设备制造业", 36: "汽车制造业",
	37: "铁路、船舶、航空航天和其他运输设备制造业", 38: "电气机械和器材制造业", 39: "计算机、通信和其他电子设备制造业",
	40: "仪器仪表制造业", 41: "其他制造业", 42: "废弃资源综合利用业", 43: "金属制品、机械和设备修理业",
}

// IndustryName returns the name of a division code such as "C17".
func IndustryName(code string) string {
	if n, ok := industryNumber(code); ok {
		return industries[n]
	}
	return code
}

// ResolveIndustry accepts "C17", "c17" or "17" and returns "C17".
func ResolveIndustry(s string) (string, bool) {
	n, ok := industryNumber(s)
	if !ok {
		return "", false
	}
	return fmt.Sprintf("C%d", n), true
}

func industryNumber(s string) (int, bool) {
	s = strings.TrimPrefix(strings.ToUpper(strings.TrimSpace(s)), "C")
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, false
	}
	_, ok := industries[n]
	return n, ok
}

// Industries lists the division codes in order.
func Industries() []string {
	out := make([]string, 0, len(industries))
	for n := 13; n <= 43; n++ {
		out = append(out, fmt.Sprintf("C%d", n))
	}
	return out
}
