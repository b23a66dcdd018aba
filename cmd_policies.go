package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"healthcheck/models"
	"healthcheck/policies"
)

const policiesUsage = `policies: usage:
  policies check [--db D] FILE.yaml                检查一个年度的扶持政策文件，不写入（给出 --db 时也对照已录入的问卷版本）
  policies add --db D [--replace] FILE.yaml        检查并录入（同一年度已录入的，须加 --replace 才替换）
  policies list --db D                             列出各年度的扶持政策：内置或录入、政策数、录入时间`

var policiesKind = &dataKind[*policies.Set]{
	name:     "policies",
	usage:    policiesUsage,
	parse:    func(b []byte, e *env) (*policies.Set, error) { return policies.Check(b, e.data.Defs) },
	describe: describeSet,
	store: func(ctx context.Context, e *env, b []byte, set *policies.Set, replace bool) (string, error) {
		if err := e.store.PutPolicyFile(ctx, models.PolicyFile{Year: set.Year, BureauFile: bureauFile(b)}, replace); err != nil {
			return "", err
		}
		return fmt.Sprintf("%d 年度的体检报告自此按该文件匹配政策。", set.Year), nil
	},
	verbs: map[string]subcommand{"list": onDB(policiesList)},
}

func runPolicies(ctx context.Context, args []string, out io.Writer) error {
	return policiesKind.run(ctx, args, out)
}

func policiesList(ctx context.Context, e *env, _ []string, out io.Writer) error {
	files, err := e.store.PolicyFiles(ctx)
	if err != nil {
		return err
	}
	added := storedByKey(files, func(f *models.PolicyFile) (int, *models.BureauFile) { return f.Year, &f.BureauFile })
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "年度\t名称\t政策\t来源")
	for _, set := range e.data.Policies.Sets() {
		firm, staff := set.Count()
		fmt.Fprintf(w, "%d\t%s\t企业 %d 项、个人 %d 项\t%s\n", set.Year, set.Title, firm, staff, fileSource(added[set.Year]))
	}
	return w.Flush()
}

// describeSet names a set and counts its policies by recipient.
func describeSet(set *policies.Set) string {
	firm, staff := set.Count()
	return fmt.Sprintf("%d 年度《%s》，企业可申报的政策 %d 项、员工个人的补贴 %d 项", set.Year, set.Title, firm, staff)
}
