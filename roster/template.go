package roster

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"healthcheck/city"
)

// Sheets of the roster template.
const (
	templateSheet  = "名录"
	helpSheet      = "填写说明"
	optionsSheet   = "选项"
	templateRows   = 5000 // rows the validation and formats cover
	textFormat     = 49   // Excel's built-in "@" (text) number format
	templateHeader = 1
)

// templateColumns are the contract's columns with their widths.
var templateColumns = []struct {
	field Field
	width float64
}{{CreditCode, 22}, {Name, 36}, {District, 14}, {Industry, 24}, {Revenue, 16}, {Employees, 10},
	{ContactName, 10}, {ContactPhone, 18}, {ContactEmail, 26}}

// WriteTemplate writes the roster template the bureau hands to whoever
// fills the roster in: the contract's columns with the credit-code and phone
// columns formatted as text (so Excel keeps every digit), drop-down lists of
// the city's districts and of the manufacturing divisions, a number format
// and a check on revenue and employees, and a sheet of instructions.
func WriteTemplate(w io.Writer, cfg *city.Config) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", templateSheet); err != nil {
		return fmt.Errorf("roster: template: %w", err)
	}
	for _, name := range []string{helpSheet, optionsSheet} {
		if _, err := f.NewSheet(name); err != nil {
			return fmt.Errorf("roster: template: %w", err)
		}
	}
	for _, step := range []func(*excelize.File, *city.Config) error{templateOptions, templateMain, templateHelp} {
		if err := step(f, cfg); err != nil {
			return fmt.Errorf("roster: template: %w", err)
		}
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("roster: write template: %w", err)
	}
	return nil
}

// templateOptions fills the options sheet the drop-down lists read.
func templateOptions(f *excelize.File, cfg *city.Config) error {
	rows := [][]any{{"所属区县", "行业代码"}}
	inds := city.Industries()
	for i := 0; i < max(len(cfg.Districts), len(inds)); i++ {
		row := []any{nil, nil}
		if i < len(cfg.Districts) {
			row[0] = cfg.Districts[i].Name
		}
		if i < len(inds) {
			row[1] = inds[i] + " " + city.IndustryName(inds[i])
		}
		rows = append(rows, row)
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(optionsSheet, cell, &r); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(optionsSheet, "A", "B", 28); err != nil {
		return err
	}
	return tableLook(f, optionsSheet, "B", len(rows))
}

func templateMain(f *excelize.File, cfg *city.Config) error {
	header := make([]any, len(templateColumns))
	for i, c := range templateColumns {
		header[i] = columns[c.field].label
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(templateSheet, col, col, c.width); err != nil {
			return err
		}
	}
	if err := f.SetSheetRow(templateSheet, "A1", &header); err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: textFormat})
	if err != nil {
		return err
	}
	money := "#,##0.00"
	amount, err := f.NewStyle(&excelize.Style{CustomNumFmt: &money})
	if err != nil {
		return err
	}
	last := fmt.Sprint(templateRows + 1)
	for _, s := range []struct {
		col   string
		style int
	}{{"A", text}, {"H", text}, {"E", amount}} {
		if err := f.SetCellStyle(templateSheet, s.col+"2", s.col+last, s.style); err != nil {
			return err
		}
	}
	lists := []struct{ sqref, source, title string }{
		{"C2:C" + last, fmt.Sprintf("'%s'!$A$2:$A$%d", optionsSheet, len(cfg.Districts)+1), "请从列表中选择区县"},
		{"D2:D" + last, fmt.Sprintf("'%s'!$B$2:$B$%d", optionsSheet, len(city.Industries())+1), "请从列表中选择制造业行业大类"},
	}
	for _, l := range lists {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = l.sqref
		dv.SetSqrefDropList(l.source)
		dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误", l.title)
		if err := f.AddDataValidation(templateSheet, dv); err != nil {
			return err
		}
	}
	for _, n := range []struct {
		sqref string
		typ   excelize.DataValidationType
		max   float64
		msg   string
	}{{"E2:E" + last, excelize.DataValidationTypeDecimal, 1e10, "营业收入填万元数，不小于 0"},
		{"F2:F" + last, excelize.DataValidationTypeWhole, 1e7, "从业人员填整数，不小于 0"}} {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = n.sqref
		if err := dv.SetRange(0, n.max, n.typ, excelize.DataValidationOperatorBetween); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "输入有误", n.msg)
		if err := f.AddDataValidation(templateSheet, dv); err != nil {
			return err
		}
	}
	return tableLook(f, templateSheet, "I", 1)
}

func templateHelp(f *excelize.File, cfg *city.Config) error {
	names := make([]string, len(cfg.Districts))
	for i, d := range cfg.Districts {
		names[i] = d.Name + "（" + d.Code + "）"
	}
	rows := [][]any{
		{"列", "必填", "填写要求"},
		{"统一社会信用代码", "是", "18 位，含校验位（GB 32100-2015）；本列已设为“文本”格式，请勿改为数字，粘贴时请用“只粘贴值”"},
		{"企业名称", "是", "营业执照上的名称，100 字以内"},
		{"所属区县", "是", "从下拉列表中选择，或写区县名称、6 位代码：" + strings.Join(names, "、")},
		{"行业代码", "是", "从下拉列表中选择国民经济行业分类（GB/T 4754-2017）制造业大类，也可写 C17、17 或小类代码 1711"},
		{"营业收入(万元)", "是", "上年营业收入，单位万元，最多两位小数；表头写“营业收入(千元)”“(元)”或“(亿元)”时按该单位换算"},
		{"从业人员", "是", "整数"},
		{"联系人 / 联系电话 / 电子邮箱", "否", "用于催报；留空时保留平台中已有的联系方式"},
		{"其他", "", "表头可在前 10 行中任一行，列的顺序不限；合计、小计、注释行和空行会被跳过；合并的区县单元格会按首行填满；支持 .xlsx 和 CSV（UTF-8 或 GBK 编码），不支持 .xls，请另存为 .xlsx"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(helpSheet, cell, &r); err != nil {
			return err
		}
	}
	for col, w := range map[string]float64{"A": 26, "B": 6, "C": 100} {
		if err := f.SetColWidth(helpSheet, col, col, w); err != nil {
			return err
		}
	}
	return tableLook(f, helpSheet, "C", len(rows))
}

// tableLook gives a sheet its header look: bold, frozen, with a filter.
func tableLook(f *excelize.File, sheet, lastCol string, rows int) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF2F6"}}})
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(sheet, "A1", lastCol+"1", bold); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: templateHeader, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return f.AutoFilter(sheet, fmt.Sprintf("A1:%s%d", lastCol, max(rows, 2)), nil)
}
