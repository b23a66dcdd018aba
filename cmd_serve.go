package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/handlers"
	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
	"healthcheck/stats"
	"healthcheck/survey"
)

// env is what every command opens: the editions, the city and the database.
type env struct {
	defs     *questionnaires.Registry
	policies *policies.Registry
	city     *city.Config
	store    *models.Store
}

func openEnv(ctx context.Context, dsn, cityFile string, o models.Options) (*env, error) {
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		return nil, err // a broken questionnaire must stop the program
	}
	pol, err := policies.LoadEmbedded(defs)
	if err != nil {
		return nil, err // so must a broken policy file
	}
	c, err := city.Load(cityFile)
	if err != nil {
		return nil, err
	}
	store, err := models.Open(ctx, dsn, o)
	if err != nil {
		return nil, err
	}
	return &env{defs: defs, policies: pol, city: c, store: store}, nil
}

// openCampaign opens the environment and finds a campaign by year; the
// caller closes e.store.
func openCampaign(ctx context.Context, dsn string, year int) (*env, *models.Campaign, error) {
	e, err := openEnv(ctx, dsn, "", models.Options{})
	if err != nil {
		return nil, nil, err
	}
	c, err := e.store.CampaignByYear(ctx, year)
	if err != nil {
		e.store.Close()
		return nil, nil, err
	}
	return e, c, nil
}

func runServe(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", envOr("HC_ADDR", ":8080"), "监听地址，环境变量 HC_ADDR")
	dsn := dbFlag(fs)
	withDemo := fs.Bool("demo", false, "新数据库时填入演示数据并打印登录信息")
	cityFile := fs.String("city", "", "城市配置文件（默认嘉兴市）")
	syncMode := fs.String("synchronous", "FULL", "SQLite synchronous：FULL（断电也不丢已确认的保存）或 NORMAL（更快）")
	secure := fs.Bool("secure-cookies", false, "仅通过 HTTPS 发送 Cookie（部署在 TLS 之后时开启）")
	proxyHeader := fs.String("proxy-header", "", "负载均衡传递客户端地址的请求头，如 X-Forwarded-For")
	publicURL := fs.String("public-url", envOr("HC_PUBLIC_URL", ""), "企业访问平台的地址（印在邀请函上），如 https://tijian.example.gov.cn，环境变量 HC_PUBLIC_URL")
	if err := fs.Parse(args); err != nil {
		return err
	}
	e, err := openEnv(ctx, *dsn, *cityFile, models.Options{Synchronous: *syncMode})
	if err != nil {
		return err
	}
	defer e.store.Close()
	if err := prepare(ctx, e, *withDemo, out); err != nil {
		return err
	}
	st := stats.New(e.store, e.defs, 30*time.Second)
	svc := survey.New(e.store, e.defs)
	svc.Stats, svc.Policies, svc.ApplyAt = st, e.policies, e.city.ServicePlatform
	app, err := handlers.New(handlers.Deps{Store: e.store, Defs: e.defs, City: e.city,
		Survey: svc, Stats: st, SecureCookies: *secure, ProxyHeader: *proxyHeader, PublicURL: *publicURL})
	if err != nil {
		return err
	}
	go purgeLoop(ctx, e.store)
	errc := make(chan error, 1)
	go func() { errc <- app.Listen(*addr) }()
	fmt.Fprintf(out, "healthcheck 已启动：%s\n", browseURL(*addr))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		slog.Info("shutting down")
		return app.ShutdownWithTimeout(10 * time.Second)
	}
}

// prepare fills a new database: the demo data set, or the first bureau account.
func prepare(ctx context.Context, e *env, withDemo bool, out io.Writer) error {
	campaigns, err := e.store.Campaigns(ctx)
	if err != nil {
		return err
	}
	users, err := e.store.CountUsers(ctx)
	if err != nil {
		return err
	}
	switch {
	case withDemo && len(campaigns) == 0 && users == 0:
		fmt.Fprintln(out, "正在生成演示数据（1750 家企业，2019、2020 两个年度）…")
		sum, err := demo.Generate(ctx, e.store, e.defs, e.city, demo.Options{Firms: 1750, Seed: 1, Years: []int{2019, 2020}})
		if err != nil {
			return err
		}
		printDemo(out, sum)
	case withDemo:
		fmt.Fprintln(out, "数据库中已有数据，未重新生成演示数据（登录信息只在首次生成时显示）。")
	case users == 0:
		pw := models.NewPassword()
		if _, err := e.store.CreateUser(ctx, models.NewUser{Username: "bureau", Password: pw, Role: models.RoleBureau}); err != nil {
			return err
		}
		fmt.Fprintf(out, "已创建市经信局账号：用户名 bureau，密码 %s（只显示这一次，请妥善保存）\n", pw)
	}
	return nil
}

func purgeLoop(ctx context.Context, store *models.Store) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := store.PurgeExpired(ctx); err != nil {
				slog.Warn("purge expired sessions", "err", err)
			}
		}
	}
}

func browseURL(addr string) string {
	if len(addr) > 0 && addr[0] == ':' {
		return "http://localhost" + addr
	}
	return "http://" + addr
}
