// gbe-waitgroups: main waits for five workers with a sync.WaitGroup.
// After "WaitGroups" in Go by Example (https://gobyexample.com/waitgroups),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import (
	"fmt"
	"log"
	"os"
	"sync"
	"time"
)

// doc:begin waitgroups
func worker(id int) {
	fmt.Printf("Worker %d starting\n", id)
	time.Sleep(second) // something that takes a while
	fmt.Printf("Worker %d done\n", id)
}

func main() {
	var wg sync.WaitGroup

	for i := 1; i <= 5; i++ {
		wg.Add(1) // before the goroutine starts, so Wait cannot miss it
		go func(id int) {
			defer wg.Done()
			worker(id)
		}(i)
	}

	wg.Wait() // until all five have called Done
}
// doc:end waitgroups

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
