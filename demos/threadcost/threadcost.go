// threadcost: what a goroutine costs.  Starts n goroutines that all block
// on one channel, times that, then closes the channel and times their end.
// Usage: threadcost [n [mem]] (default 1000); with "mem" it also prints
// the threads and resident memory the process has while all n are blocked
// (read from /proc/self/status; Linux only).
package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// status returns a field of /proc/self/status, such as "Threads" or "VmRSS".
func status(field string) int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if strings.HasPrefix(s.Text(), field+":") {
			n, _ := strconv.Atoi(strings.Fields(s.Text())[1])
			return n
		}
	}
	return -1
}

// doc:begin threadcost
func main() {
	n := 1000
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	mem := len(os.Args) > 2 && os.Args[2] == "mem"
	rss0 := status("VmRSS")

	gate := make(chan struct{})
	var started, finished sync.WaitGroup
	started.Add(n)
	finished.Add(n)
	t0 := time.Now()
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			<-gate // blocked until main closes gate
			finished.Done()
		}()
	}
	started.Wait()
	d := time.Since(t0)
	fmt.Printf("%d goroutines started and blocked in %v (%v each)\n", n, d, d/time.Duration(n))
	if mem {
		fmt.Printf("threads: %d, resident memory: +%d KiB (%d bytes per goroutine)\n",
			status("Threads"), status("VmRSS")-rss0, (status("VmRSS")-rss0)*1024/n)
	}
	t1 := time.Now()
	close(gate)
	finished.Wait()
	fmt.Printf("all %d woken and finished in %v\n", n, time.Since(t1))
}
// doc:end threadcost
// SPDX-License-Identifier: BSD-3-Clause
