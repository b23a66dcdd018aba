//go:build unix

package main

import "syscall"

// ownerOnlyFiles makes every file the program creates readable by its owner
// alone: the database and its -wal and -shm, uploads spooled to temporary
// files, report jobs and exports hold firms' data.
func ownerOnlyFiles() { syscall.Umask(0o077) }
