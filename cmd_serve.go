package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"healthcheck/app"
	"healthcheck/city"
	"healthcheck/clientip"
	"healthcheck/demo"
	"healthcheck/handlers"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/stats"
	"healthcheck/survey"
)

// env is what every command opens: the editions, the city and the database.
type env struct {
	// data are the registries of editions, support policies and the
	// reference figures the annual report quotes, with the stored files'
	// digests they were loaded at (what the server's watcher compares).
	data  app.BureauData
	city  *city.Config
	store *models.Store
}

func openEnv(ctx context.Context, dsn, cityFile string, o models.Options) (*env, error) {
	questionnaires.Preload() // on the other core while the database opens
	c, err := city.Load(cityFile)
	if err != nil {
		return nil, err
	}
	store, err := models.Open(ctx, dsn, o)
	if err != nil {
		return nil, err
	}
	data, err := app.LoadBureauData(ctx, store)
	if err != nil {
		store.Close()
		return nil, err // a broken questionnaire or policy file must stop the program
	}
	return &env{city: c, store: store, data: data}, nil
}

// watch keeps the registries up to date with the files stored since they
// were loaded, looking every interval (app.WatchBureauData), until ctx is
// done. It starts from the digests they were loaded at, so a start with
// nothing new stored reloads nothing.
func (e *env) watch(ctx context.Context, interval time.Duration, log *slog.Logger) {
	app.WatchBureauData(ctx, e.store, e.data, interval, log)
}

// useCases is the use-case layer over the environment, for the commands
// that change what the web also changes (campaigns, invitations, accounts):
// one code path, with the audit line in the change's transaction.
func (e *env) useCases() *app.App {
	return app.New(app.Config{Store: e.store, Defs: e.data.Defs, City: e.city, Reference: e.data.Reference})
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

// bureauDataInterval is how often the server looks for editions, policies
// and reference figures stored since it started (by a command, or through
// another instance): a file added is in use within this time.
const bureauDataInterval = 5 * time.Second

func runServe(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", envOr("HC_ADDR", ":8080"), "监听地址，环境变量 HC_ADDR")
	dsn := dbFlag(fs)
	withDemo := fs.Bool("demo", false, "新数据库时填入演示数据并打印登录信息")
	cityFile := fs.String("city", "", "城市配置文件（默认嘉兴市）")
	syncMode := fs.String("synchronous", "FULL", "SQLite synchronous：FULL（断电也不丢已确认的保存）或 NORMAL（更快）；PostgreSQL 不用此项，由服务器的 synchronous_commit 决定")
	secure := fs.Bool("secure-cookies", false, "仅通过 HTTPS 发送 Cookie（部署在 TLS 之后时开启）")
	trusted := fs.String("trusted-proxies", envOr("HC_TRUSTED_PROXIES", ""), "受信任的反向代理地址或网段，逗号分隔，如 127.0.0.1/32,10.0.0.0/8：只有来自它们的 X-Forwarded-For 才被采信，环境变量 HC_TRUSTED_PROXIES")
	proxyHeader := fs.String("proxy-header", "", "受信任代理传递客户端地址的请求头（默认 X-Forwarded-For），须与 --trusted-proxies 同用")
	publicURL := fs.String("public-url", envOr("HC_PUBLIC_URL", ""), "企业访问平台的地址（印在邀请函上），如 https://tijian.example.gov.cn，环境变量 HC_PUBLIC_URL")
	jobsDir := fs.String("jobs-dir", envOr("HC_JOBS_DIR", ""), "年度报告文件的存放目录（默认系统临时目录）；多个实例共用一个数据库时须指向各实例共享的同一目录，环境变量 HC_JOBS_DIR")
	shutdownTimeout := fs.Duration("shutdown-timeout", 30*time.Second, "收到 SIGTERM/SIGINT 后等待进行中的请求和报告任务的最长时间")
	if err := fs.Parse(args); err != nil {
		return err
	}
	proxies, err := parseProxies(*trusted, *proxyHeader)
	if err != nil {
		return err
	}
	if *publicURL != "" {
		if err := checkPublicURL(*publicURL); err != nil {
			return err
		}
	}
	if *jobsDir != "" {
		if err := os.MkdirAll(*jobsDir, 0o700); err != nil {
			return fmt.Errorf("报告目录 %s 无法创建：%w", *jobsDir, err)
		}
	}
	e, err := openEnv(ctx, *dsn, *cityFile, models.Options{Synchronous: *syncMode})
	if err != nil {
		return err
	}
	defer e.store.Close()
	if err := prepare(ctx, e, *withDemo, out); err != nil {
		return err
	}
	st := stats.New(e.store, e.data.Defs, 30*time.Second)
	svc := survey.New(e.store, e.data.Defs)
	svc.Stats, svc.Policies, svc.ApplyAt = st, e.data.Policies, e.city.ServicePlatform
	uc := app.New(app.Config{Store: e.store, Defs: e.data.Defs, City: e.city, Reference: e.data.Reference, Survey: svc, Stats: st,
		Jobs: app.JobsConfig{Dir: *jobsDir}})
	srv, err := handlers.NewServer(handlers.Deps{App: uc, SecureCookies: *secure, Proxies: proxies, PublicURL: *publicURL})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("无法监听 %s（端口已被占用或地址无效）：%w", *addr, err)
	}
	go purgeLoop(ctx, e.store)
	go e.watch(ctx, bureauDataInterval, slog.Default())
	errc := make(chan error, 1)
	go func() { errc <- srv.App.Listener(ln) }()
	fmt.Fprintf(out, "healthcheck 已启动：%s\n", browseURL(*addr))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return shutdown(srv, *shutdownTimeout)
	}
}

// shutdown stops accepting and waits up to timeout for requests in flight
// and report jobs; it fails only when requests were cut off.
func shutdown(srv *handlers.Server, timeout time.Duration) error {
	slog.Info("shutting down", "timeout", timeout)
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("停止时仍有请求未在 %s 内完成：%w", timeout, err)
	}
	slog.Info("stopped cleanly")
	return nil
}

// parseProxies reads --trusted-proxies; --proxy-header alone trusted any
// client's forged address and is refused.
func parseProxies(list, header string) (*clientip.Resolver, error) {
	if strings.TrimSpace(list) == "" {
		if header != "" {
			return nil, fmt.Errorf("--proxy-header 须与 --trusted-proxies 同用：只有来自受信任代理的 %s 才能采信，否则任何客户端都能伪造地址；请加上 --trusted-proxies（如 127.0.0.1/32）", header)
		}
		return nil, nil
	}
	return clientip.Parse(list, header)
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
		sum, err := demo.Generate(ctx, e.store, e.data.Defs, e.city, demo.Options{Firms: 1750, Seed: 1, Years: []int{2019, 2020}})
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

// checkPublicURL accepts an absolute http(s) address with a host, as printed
// on letters firms type from paper.
func checkPublicURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil {
		return fmt.Errorf("平台地址 %q 无效：须为完整网址，如 https://tijian.example.gov.cn", s)
	}
	return nil
}
