package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"healthcheck/models"
	"healthcheck/questionnaires"
)

const questionnaireUsage = `questionnaire: usage:
  questionnaire check FILE.yaml                      检查一个问卷版本文件的每条规则，不写入
  questionnaire add --db D [--replace] FILE.yaml     检查并录入为新版本（已有企业填报的版本不能替换）
  questionnaire list --db D                          列出全部问卷版本：内置或录入、使用它的年度体检
  questionnaire export --db D ID                     把一个版本的文件原样写到标准输出`

var questionnaireKind = &dataKind[*questionnaires.Definition]{
	name:     "questionnaire",
	usage:    questionnaireUsage,
	parse:    func(b []byte, _ *env) (*questionnaires.Definition, error) { return questionnaires.Parse(b) },
	describe: describeEdition,
	store: func(ctx context.Context, e *env, b []byte, def *questionnaires.Definition, replace bool) (string, error) {
		if _, builtin := questionnaires.Builtin(def.ID); builtin {
			return "", fmt.Errorf("问卷版本 %s 是内置版本，不能替换；修改后的问卷请换一个新的 id 作为新版本录入", def.ID)
		}
		f := models.QuestionnaireFile{ID: def.ID, BureauFile: bureauFile(b)}
		if err := e.store.PutQuestionnaireFile(ctx, f, replace); err != nil {
			return "", err
		}
		return fmt.Sprintf("创建年度体检时用 --questionnaire %s 选用。", def.ID), nil
	},
	verbs: map[string]subcommand{"list": onDB(questionnaireList), "export": onDB(questionnaireExport)},
}

func runQuestionnaire(ctx context.Context, args []string, out io.Writer) error {
	return questionnaireKind.run(ctx, args, out)
}

func describeEdition(d *questionnaires.Definition) string {
	return fmt.Sprintf("%s《%s》，%d 道题，%d 个维度，%d 项指标", d.ID, d.Title, len(d.Questions()), len(d.Dimensions), len(d.Indicators))
}

func questionnaireList(ctx context.Context, e *env, _ []string, out io.Writer) error {
	files, err := e.store.QuestionnaireFiles(ctx)
	if err != nil {
		return err
	}
	added := storedByKey(files, func(f *models.QuestionnaireFile) (string, *models.BureauFile) { return f.ID, &f.BureauFile })
	campaigns, err := e.store.Campaigns(ctx)
	if err != nil {
		return err
	}
	usedBy := map[string]string{}
	for _, c := range campaigns {
		usedBy[c.QuestionnaireID] += fmt.Sprintf("%d ", c.Year)
	}
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "版本\t名称\t题目\t年度体检\t来源")
	for _, id := range e.data.Defs.IDs() {
		d, _ := e.data.Defs.Get(id)
		used := usedBy[id]
		if used == "" {
			used = "—"
		}
		fmt.Fprintf(w, "%s\t%s\t%d\t%s\t%s\n", id, d.Title, len(d.Questions()), used, fileSource(added[id]))
	}
	return w.Flush()
}

func questionnaireExport(ctx context.Context, e *env, args []string, out io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("%s", questionnaireUsage)
	}
	id := args[0]
	if b, ok := questionnaires.Builtin(id); ok {
		_, err := out.Write(b)
		return err
	}
	files, err := e.store.QuestionnaireFiles(ctx)
	if err != nil {
		return err
	}
	for _, f := range files {
		if f.ID == id {
			_, err := io.WriteString(out, f.Content)
			return err
		}
	}
	return fmt.Errorf("没有问卷版本 %s；questionnaire list 列出全部版本", id)
}
