// gbe-context: a request handler that gives up when its request's
// context is cancelled.
// After "Context" in Go by Example (https://gobyexample.com/context), by
// Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program, doing
// what the chapter's does and printing what it prints.  The chapter runs
// an HTTP server and cancels the request with Ctrl-C on curl; C has no
// net/http, so here main plays both the server, which starts the
// handler on a request with its own context, and the client, which
// gives up after two seconds.
package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"
)

// doc:begin context
// hello answers after ten seconds, unless ctx is cancelled first.
func hello(ctx context.Context) {
	fmt.Println("server: hello handler started")
	defer fmt.Println("server: hello handler ended")

	select {
	case <-time.After(10 * second): // the work the handler does
		// (the chapter's handler writes "hello" to the client here)
	case <-ctx.Done(): // the client went away
		err := ctx.Err()
		fmt.Println("server:", err) // (and the chapter's sends it back as an HTTP 500)
	}
}

func main() {
	// The request's context: cancelled when the client goes away.
	ctx, cancel := context.WithCancel(context.Background())
	handled := make(chan struct{})
	go func() { // the server, handling one request
		hello(ctx)
		close(handled)
	}()

	time.Sleep(2 * second) // the client waits two seconds, then gives up (Ctrl-C on curl)
	cancel()
	<-handled
}
// doc:end context

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
