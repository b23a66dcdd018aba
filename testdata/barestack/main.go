// Command barestack is the startup benchmark's second baseline: the required
// stack and nothing of ours. It links what healthcheck links (Fiber, GORM
// with its SQLite and PostgreSQL drivers, excelize, go-echarts, yaml.v3), so
// their package initialisation and the binary's size are paid as
// healthcheck pays them, opens the SQLite database with GORM, and answers
// /healthz. Whatever healthcheck serve takes beyond it is ours.
package main

import (
	"flag"
	"log"
	"os"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/gofiber/fiber/v2"
	"github.com/xuri/excelize/v2"
	"gopkg.in/yaml.v3"
	"gorm.io/driver/postgres"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	db := flag.String("db", "barestack.db", "SQLite file, or a postgres:// address")
	sample := flag.String("sample", "", "write a sample book, chart and YAML file under this name and exit")
	flag.Parse()
	if *sample != "" {
		writeSamples(*sample)
		return
	}
	open := sqlite.Open
	if strings.HasPrefix(*db, "postgres://") {
		open = postgres.Open
	}
	gdb, err := gorm.Open(open(*db), &gorm.Config{})
	if err != nil {
		log.Fatal(err)
	}
	var one int
	if err := gdb.Raw("SELECT 1").Scan(&one).Error; err != nil {
		log.Fatal(err)
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/healthz", func(c *fiber.Ctx) error { return c.JSON(fiber.Map{"status": "ok"}) })
	log.Fatal(app.Listen(*addr))
}

// writeSamples uses the libraries the way the platform does, so the linker
// keeps their code and the binary is the stack's real size; the benchmark
// never calls it.
func writeSamples(name string) {
	f := excelize.NewFile()
	if err := f.SetCellValue("Sheet1", "A1", "体检"); err != nil {
		log.Fatal(err)
	}
	if err := f.SaveAs(name + ".xlsx"); err != nil {
		log.Fatal(err)
	}
	page, err := os.Create(name + ".html")
	if err != nil {
		log.Fatal(err)
	}
	defer page.Close()
	if err := charts.NewBar().Render(page); err != nil {
		log.Fatal(err)
	}
	b, err := yaml.Marshal(map[string]int{"firms": 1750})
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(name+".yaml", b, 0o600); err != nil {
		log.Fatal(err)
	}
}
