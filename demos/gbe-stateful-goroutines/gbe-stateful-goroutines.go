// gbe-stateful-goroutines: one goroutine owns a map; a hundred readers
// and ten writers reach it only by sending it requests.
// After "Stateful Goroutines" in Go by Example
// (https://gobyexample.com/stateful-goroutines), by Mark McGranaghan and
// Eli Bendersky, CC BY 3.0: our own program, doing what the chapter's
// does and printing what it prints (how many operations ran in a second).
package main

import (
	"fmt"
	"log"
	"math/rand"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// doc:begin stateful-goroutines
// A request to read state[key]; the answer comes back on resp.
type readOp struct {
	key  int
	resp chan int
}

// A request to set state[key] = val; resp says when it is done.
type writeOp struct {
	key  int
	val  int
	resp chan bool
}

func main() {
	var readOps, writeOps atomic.Uint64
	reads := make(chan readOp)
	writes := make(chan writeOp)
	quit := make(chan struct{}) // closed to stop everybody
	var wg sync.WaitGroup

	wg.Add(1)
	go func() { // the owner: the only goroutine that ever touches state
		defer wg.Done()
		state := make(map[int]int)
		for {
			select {
			case read := <-reads:
				read.resp <- state[read.key]
			case write := <-writes:
				state[write.key] = write.val
				write.resp <- true
			case <-quit:
				return
			}
		}
	}()

	for r := 0; r < 100; r++ {
		wg.Add(1)
		go func() { // a reader
			defer wg.Done()
			resp := make(chan int, 1)
			for {
				select {
				case reads <- readOp{key: rand.Intn(5), resp: resp}:
				case <-quit:
					return
				}
				<-resp
				readOps.Add(1)
				time.Sleep(second / 1000)
			}
		}()
	}

	for w := 0; w < 10; w++ {
		wg.Add(1)
		go func() { // a writer
			defer wg.Done()
			resp := make(chan bool, 1)
			for {
				select {
				case writes <- writeOp{key: rand.Intn(5), val: rand.Intn(100), resp: resp}:
				case <-quit:
					return
				}
				<-resp
				writeOps.Add(1)
				time.Sleep(second / 1000)
			}
		}()
	}

	time.Sleep(second) // let them work for a second
	close(quit)
	wg.Wait()

	fmt.Println("readOps:", readOps.Load())
	fmt.Println("writeOps:", writeOps.Load())
}
// doc:end stateful-goroutines

// second is one second, or the duration given as the first argument:
// the tests run this program with a shorter one.
var second = time.Second

func init() {
	if len(os.Args) > 1 {
		d, err := time.ParseDuration(os.Args[1])
		if err != nil {
			log.Fatal(err)
		}
		second = d
	}
}
// SPDX-License-Identifier: BSD-3-Clause
