package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"healthcheck/app"
	"healthcheck/city"
	"healthcheck/models"
)

func runUser(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return fmt.Errorf("user: usage: user add --db D --username U --role bureau|district [--district 330481] --password-stdin")
	}
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	dsn := dbFlag(fs)
	username := fs.String("username", "", "用户名")
	role := fs.String("role", "", "bureau（市经信局）或 district（县市区）")
	district := fs.String("district", "", "区县代码（district 角色必填），如 330481")
	fromStdin := fs.Bool("password-stdin", false, "从标准输入读取密码（不出现在命令行和历史记录中）")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if !*fromStdin {
		return fmt.Errorf("user add: --password-stdin is required: passwords are never taken from the command line")
	}
	pw, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return fmt.Errorf("user add: read password: %w", err)
	}
	c, err := city.Load("") // the districts; an account needs no editions
	if err != nil {
		return err
	}
	if *role == models.RoleDistrict && !c.HasDistrict(*district) {
		return fmt.Errorf("user add: %q is not one of the city's districts", *district)
	}
	store, err := models.Open(ctx, *dsn, models.Options{})
	if err != nil {
		return err
	}
	defer store.Close()
	e := &env{store: store, city: c}
	u, err := e.useCases().Users.Create(ctx, app.CommandLine, app.NewUser{Username: *username,
		Password: strings.TrimRight(pw, "\r\n"), Role: *role, District: *district})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "已创建账号 %s（%s）\n", u.Username, u.Role)
	return nil
}
