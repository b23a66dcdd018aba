package demo

// The tables below are the demo's picture of Jiaxing's manufacturing. They are
// slices, not maps, so that drawing from them is deterministic.

// weighted is one choice and its relative weight.
type weighted[T any] struct {
	v T
	w float64
}

// districtProfile says how many of the city's firms a district holds and
// which industries it is known for (domain/frameworks.md §5.3).
type districtProfile struct {
	code   string
	prefix string  // the place word firms put in their names
	share  float64 // relative number of firms
	// local are the district's characteristic industries; a firm is drawn
	// from them with probability localShare, else from cityIndustries.
	local []weighted[string]
}

const localShare = 0.55

var districtProfiles = []districtProfile{
	{"330402", "嘉兴", 12, []weighted[string]{{"C26", 3}, {"C36", 3}, {"C39", 3}, {"C14", 1}, {"C33", 1}}},
	{"330411", "嘉兴", 13, []weighted[string]{{"C17", 6}, {"C18", 1}, {"C21", 1}, {"C38", 1}}},
	{"330421", "嘉善", 14, []weighted[string]{{"C20", 4}, {"C21", 3}, {"C39", 3}, {"C34", 1}}},
	{"330424", "海盐", 10, []weighted[string]{{"C33", 6}, {"C34", 3}, {"C38", 1}}},
	{"330481", "海宁", 19, []weighted[string]{{"C19", 5}, {"C17", 5}, {"C38", 1}, {"C39", 1}}},
	{"330482", "平湖", 14, []weighted[string]{{"C38", 4}, {"C34", 3}, {"C18", 3}, {"C40", 1}}},
	{"330483", "桐乡", 18, []weighted[string]{{"C28", 5}, {"C18", 4}, {"C30", 2}, {"C17", 1}}},
}

// cityIndustries is the spread of other manufacturing across the city.
var cityIndustries = []weighted[string]{
	{"C13", 2}, {"C14", 2}, {"C15", 1}, {"C17", 6}, {"C18", 4}, {"C19", 2}, {"C20", 1}, {"C21", 2},
	{"C22", 3}, {"C23", 1}, {"C24", 2}, {"C26", 5}, {"C27", 2}, {"C28", 2}, {"C29", 6}, {"C30", 3},
	{"C31", 1}, {"C32", 2}, {"C33", 6}, {"C34", 7}, {"C35", 4}, {"C36", 4}, {"C37", 1}, {"C38", 7},
	{"C39", 4}, {"C40", 2}, {"C41", 1}, {"C42", 1},
}

// industryProfile holds what differs by industry: the words in firm names,
// the latent maturity shift (electronics, pharma, cars and electrical
// machinery ahead; textiles, clothing, leather and wood behind), revenue per
// employee (万元) and production equipment per employee.
type industryProfile struct {
	code     string
	words    []string
	shift    float64
	perHead  float64
	eqPerEmp float64
}

var industryProfiles = []industryProfile{
	{"C13", []string{"食品", "粮油", "饲料"}, -0.1, 150, 0.3},
	{"C14", []string{"食品", "乳业", "调味品"}, -0.05, 120, 0.3},
	{"C15", []string{"酒业", "饮料", "茶业"}, 0, 150, 0.25},
	{"C17", []string{"纺织", "经编", "织造", "家纺", "印染"}, -0.35, 70, 0.6},
	{"C18", []string{"服饰", "时装", "毛衫", "制衣", "针织"}, -0.45, 45, 0.5},
	{"C19", []string{"皮革", "皮业", "鞋业", "裘革", "箱包"}, -0.45, 50, 0.4},
	{"C20", []string{"木业", "板业", "竹木"}, -0.4, 80, 0.35},
	{"C21", []string{"家具", "家居", "沙发"}, -0.25, 60, 0.35},
	{"C22", []string{"纸业", "包装", "纸品"}, -0.1, 140, 0.3},
	{"C23", []string{"印刷", "印务", "彩印"}, -0.05, 80, 0.3},
	{"C24", []string{"文具", "体育用品", "工艺品"}, -0.2, 60, 0.35},
	{"C26", []string{"化工", "新材料", "精细化工", "香料"}, 0.2, 250, 0.4},
	{"C27", []string{"药业", "生物医药", "制药"}, 0.45, 150, 0.35},
	{"C28", []string{"化纤", "化学纤维", "纤维"}, 0.2, 300, 0.6},
	{"C29", []string{"塑业", "橡塑", "塑胶"}, -0.05, 90, 0.5},
	{"C30", []string{"玻纤", "建材", "新型材料"}, 0, 130, 0.4},
	{"C31", []string{"钢业", "特钢", "金属材料"}, 0, 300, 0.3},
	{"C32", []string{"铜业", "铝业", "有色金属"}, 0, 300, 0.3},
	{"C33", []string{"紧固件", "标准件", "五金", "金属制品"}, -0.15, 80, 0.8},
	{"C34", []string{"机械", "精工", "传动", "通用设备"}, 0.1, 90, 0.7},
	{"C35", []string{"专用设备", "装备", "智能装备"}, 0.15, 90, 0.6},
	{"C36", []string{"汽车部件", "汽配", "车业"}, 0.35, 120, 0.7},
	{"C37", []string{"船舶配件", "交通器材", "车辆"}, 0.05, 110, 0.5},
	{"C38", []string{"电气", "电机", "机电", "光电", "新能源"}, 0.3, 110, 0.6},
	{"C39", []string{"电子", "微电子", "通信", "光电科技", "智能科技"}, 0.5, 110, 0.6},
	{"C40", []string{"仪表", "仪器", "测控"}, 0.3, 80, 0.5},
	{"C41", []string{"实业", "制品"}, -0.1, 80, 0.4},
	{"C42", []string{"再生资源", "环保科技"}, -0.1, 150, 0.3},
	{"C43", []string{"机电维修", "设备修理"}, 0, 80, 0.3},
}

// nameChars make up the invented word in a firm's name (字号).
var nameChars = []rune("华新恒泰鑫宏盛达瑞丰隆锦源祥伟联嘉荣正天金永振越博腾凯浩远德顺昌明海东中亚欧汇佳兴富润辉通益合力美升翔宇星光鸿晨航")

// surnames are common in Jiaxing; givenChars make up given names.
var (
	surnames   = []rune("沈徐陆顾钱姚王李张刘陈杨黄吴周朱胡孙马金俞褚蒋许费屠范蔡潘戴")
	givenChars = []rune("伟芳敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国红梅林峰斌琳婷晓燕辉")
)

// noteTexts are the free-text remarks a few firms leave (其他需求或建议).
var noteTexts = []string{
	"希望多组织同行业数字化转型标杆企业现场交流。",
	"希望政府牵线对接本地有行业经验的系统集成服务商。",
	"建议对中小企业上云和设备联网改造给予更大力度补助。",
	"希望提供数字化人才培训课程，最好在本地开班。",
	"建议简化智能化技术改造项目的申报材料。",
	"希望了解工业互联网平台的应用案例和收费标准。",
}
