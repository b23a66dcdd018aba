package app

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// zipFiles packs names from dir into one .zip at path, streaming each file.
func zipFiles(path, dir string, names []string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("report zip: %w", err)
	}
	zw := zip.NewWriter(f)
	for _, name := range names {
		if err := addToZip(zw, filepath.Join(dir, name), name); err != nil {
			f.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		f.Close()
		return fmt.Errorf("report zip: %w", err)
	}
	return f.Close()
}

func addToZip(zw *zip.Writer, path, name string) error {
	src, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("report zip: %w", err)
	}
	defer src.Close()
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: time.Now()})
	if err != nil {
		return fmt.Errorf("report zip: %s: %w", name, err)
	}
	if _, err := io.Copy(w, src); err != nil {
		return fmt.Errorf("report zip: %s: %w", name, err)
	}
	return nil
}
