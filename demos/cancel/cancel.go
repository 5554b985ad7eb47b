// cancel: cancelling a tree of goroutines with context.  Two services
// each run two workers, which wait for their context to be done; service b has a 50ms timeout, service a runs until
// main cancels the root.  Each worker stops when its context is done and
// says why (ctx.Err()).  The C twin is cancel.c.
package main

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// doc:begin cancel
func worker(ctx context.Context, name string, wg *sync.WaitGroup) {
	defer wg.Done()
	<-ctx.Done() // closed when ctx or any ancestor is cancelled
	fmt.Printf("worker %s stopped: %v\n", name, ctx.Err())
}

func main() {
	root, cancel := context.WithCancel(context.Background())
	a, cancelA := context.WithCancel(root)
	defer cancelA()
	b, cancelB := context.WithTimeout(root, 50*time.Millisecond)
	defer cancelB()

	fmt.Println("main: services a and b, two workers each")
	var wgA, wgB sync.WaitGroup
	for _, name := range []string{"a1", "a2"} {
		ctx, cancelW := context.WithCancel(a) // a worker's own context, below a
		defer cancelW()
		wgA.Add(1)
		go worker(ctx, name, &wgA)
	}
	for _, name := range []string{"b1", "b2"} {
		ctx, cancelW := context.WithCancel(b)
		defer cancelW()
		wgB.Add(1)
		go worker(ctx, name, &wgB)
	}

	<-b.Done() // b's deadline passes: it reaches b's workers, not a's
	wgB.Wait()
	fmt.Println("main: service b:", b.Err(), "- service a:", a.Err())

	cancel() // one call reaches every context below root
	wgA.Wait()
	fmt.Println("main: service a:", a.Err())
}

// doc:end cancel
// SPDX-License-Identifier: BSD-3-Clause
