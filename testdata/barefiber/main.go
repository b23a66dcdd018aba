// Command barefiber is the startup benchmark's baseline: a Fiber program with
// one route, /healthz, started and polled exactly as healthcheck serve is.
package main

import (
	"flag"
	"log"

	"github.com/gofiber/fiber/v2"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address")
	flag.Parse()
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/healthz", func(c *fiber.Ctx) error { return c.JSON(fiber.Map{"status": "ok"}) })
	log.Fatal(app.Listen(*addr))
}
