// bench.go: Go's figures for the same work as bench.c, for comparison.
//
//	gobench -runs R -scale S -memk K -chain N -burst B
//
// Prints "name value" lines: medians in nanoseconds per operation, memory
// in bytes.  bench.c starts this program and reads them, so that under
// `taskset -c 0` Go runs pinned too (GOMAXPROCS follows the CPU mask).
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

var runs = flag.Int("runs", 5, "runs of each benchmark")
var scale = flag.Int("scale", 1, "divide every count by this")
var memk = flag.Int("memk", 1000, "goroutines for the memory figure")
var chainn = flag.Int("chain", 10000, "length of the goroutine chain")
var burstn = flag.Int("burst", 10000, "goroutines in the burst of blocking goroutines")
var mode = flag.String("mode", "all", "all, mem or chain (the last two run in a fresh process)")

func median(f func(n int) float64, n int) float64 {
	n /= *scale
	if n < 2 {
		n = 2
	}
	v := make([]float64, *runs)
	for i := range v {
		v[i] = f(n)
	}
	sort.Float64s(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func perOp(t time.Duration, n int) float64 { return float64(t.Nanoseconds()) / float64(n) }

func pingpong(n int) float64 {
	ping, pong := make(chan int), make(chan int)
	go func() {
		for i := 0; i < n; i++ {
			pong <- <-ping
		}
	}()
	t0 := time.Now()
	for i := 0; i < n; i++ {
		ping <- i
		<-pong
	}
	return perOp(time.Since(t0), n)
}

func buffered(capacity, producers int) func(int) float64 {
	return func(n int) float64 {
		c := make(chan int, capacity)
		each := n / producers
		t0 := time.Now()
		for p := 0; p < producers; p++ {
			go func() {
				for i := 0; i < each; i++ {
					c <- i
				}
			}()
		}
		for i := 0; i < each*producers; i++ {
			<-c
		}
		return perOp(time.Since(t0), each*producers)
	}
}

func spawn(n int) float64 {
	var wg sync.WaitGroup
	wg.Add(n)
	t0 := time.Now()
	for i := 0; i < n; i++ {
		go wg.Done()
	}
	wg.Wait()
	return perOp(time.Since(t0), n)
}

const batch = 1000

func selectReady(n int) float64 {
	a, b := make(chan int, batch), make(chan int, batch)
	var t time.Duration
	done := 0
	if n < 2*batch {
		n = 2 * batch
	}
	for ; done+2*batch <= n; done += 2 * batch {
		for i := 0; i < batch; i++ {
			a <- i
			b <- i
		}
		t0 := time.Now()
		for i := 0; i < 2*batch; i++ {
			select {
			case <-a:
			case <-b:
			}
		}
		t += time.Since(t0)
	}
	return perOp(t, done)
}

func recvReady(n int) float64 {
	a, b := make(chan int, batch), make(chan int, batch)
	var t time.Duration
	done := 0
	if n < 2*batch {
		n = 2 * batch
	}
	for ; done+2*batch <= n; done += 2 * batch {
		for i := 0; i < batch; i++ {
			a <- i
			b <- i
		}
		t0 := time.Now()
		for i := 0; i < batch; i++ {
			<-a
			<-b
		}
		t += time.Since(t0)
	}
	return perOp(t, done)
}

func produce(c chan int, n int) {
	for i := 0; i < n; i++ {
		c <- i
	}
}

func select2p(n int) float64 {
	a, b := make(chan int), make(chan int)
	t0 := time.Now()
	go produce(a, n/2)
	go produce(b, n/2)
	for i := 0; i < 2*(n/2); i++ {
		select {
		case <-a:
		case <-b:
		}
	}
	return perOp(time.Since(t0), 2*(n/2))
}

func mutex(n int) float64 {
	var mu sync.Mutex
	var wg sync.WaitGroup
	count := 0
	wg.Add(2)
	t0 := time.Now()
	for g := 0; g < 2; g++ {
		go func() {
			for i := 0; i < n; i++ {
				mu.Lock()
				count++
				mu.Unlock()
			}
			wg.Done()
		}()
	}
	wg.Wait()
	return perOp(time.Since(t0), 2*n)
}

var sink chan int

func chanmake(n int) float64 {
	t0 := time.Now()
	for i := 0; i < n; i++ {
		sink = make(chan int) // freed by the garbage collector, whose cost counts
	}
	return perOp(time.Since(t0), n)
}

// burst: n goroutines that each check in and block on a receive, timed
// until all have checked in (bench.c's --burst), then released.  Per
// goroutine.
func burst(n int) float64 {
	c := make(chan int)
	var started, ended sync.WaitGroup
	started.Add(n)
	ended.Add(n)
	t0 := time.Now()
	for i := 0; i < n; i++ {
		go func() {
			started.Done()
			<-c
			ended.Done()
		}()
	}
	started.Wait()
	t := time.Since(t0)
	close(c)
	ended.Wait()
	return perOp(t, n)
}

// A field of /proc/self/status, in bytes.
func status(field string) float64 {
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, field+":") {
			f := strings.Fields(line[len(field)+1:])
			kb, _ := strconv.ParseFloat(f[0], 64)
			return kb * 1024
		}
	}
	return -1
}

func memFigure(k int) {
	c := make(chan int)
	var started sync.WaitGroup
	rss0, vsz0 := status("VmRSS"), status("VmSize")
	started.Add(k)
	for i := 0; i < k; i++ {
		go func() {
			started.Done()
			<-c
		}()
	}
	started.Wait()
	time.Sleep(20 * time.Millisecond)
	fmt.Printf("g_rss %.0f\ng_vsz %.0f\n", (status("VmRSS")-rss0)/float64(k), (status("VmSize")-vsz0)/float64(k))
	close(c)
}

// Go's test/chan/goroutines.go.
func chain(n int) {
	t0 := time.Now()
	leftmost := make(chan int)
	right, left := leftmost, leftmost
	for i := 0; i < n; i++ {
		right = make(chan int)
		go func(left, right chan int) { left <- 1 + <-right }(left, right)
		left = right
	}
	go func(c chan int) { c <- 1 }(right)
	v := <-leftmost
	t := time.Since(t0)
	if v != n+1 {
		fmt.Fprintf(os.Stderr, "gobench: chain passed %d, want %d\n", v, n+1)
	}
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	fmt.Printf("chain_ms %.1f\nchain_peak_rss %.0f\nchain_peak_vsz %.0f\n",
		float64(t.Microseconds())/1000, status("VmHWM"), status("VmPeak"))
}

// Runs this program again with a mode, passing its output on.
func fresh(args ...string) {
	cmd := exec.Command("/proc/self/exe", args...)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "gobench:", err)
	}
}

func main() {
	flag.Parse()
	switch *mode {
	case "mem":
		memFigure(*memk)
		return
	case "chain":
		chain(*chainn)
		return
	}
	p := median(pingpong, 20000)
	fmt.Printf("pingpong %.1f\npingpong_su %.1f\npingpong_spin %.1f\n", p, p, p)
	for _, c := range []int{1, 10, 100, 1000} {
		fmt.Printf("buf%d %.1f\n", c, median(buffered(c, 1), 200000))
	}
	fmt.Printf("buf10_4p %.1f\n", median(buffered(10, 4), 200000))
	s := median(spawn, 100000)
	fmt.Printf("spawn %.1f\nspawn_q %.1f\n", s, s)
	fmt.Printf("select_ready %.1f\n", median(selectReady, 200000))
	fmt.Printf("select_ready_base %.1f\n", median(recvReady, 200000))
	fmt.Printf("select_2p %.1f\n", median(select2p, 50000))
	fmt.Printf("mutex %.1f\n", median(mutex, 500000))
	fmt.Printf("chanmake %.1f\n", median(chanmake, 500000))
	b := median(burst, *burstn**scale) // median divides by scale again
	fmt.Printf("burst %.1f\nburst_warm %.1f\n", b, b)
	fresh("-mode", "mem", "-memk", strconv.Itoa(*memk))
	fresh("-mode", "chain", "-chain", strconv.Itoa(*chainn))
}
// SPDX-License-Identifier: BSD-3-Clause
