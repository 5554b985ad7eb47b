// gbe-atomic-counters: fifty goroutines add to one atomic counter, a thousand times each.
// After "Atomic Counters" in Go by Example (https://gobyexample.com/atomic-counters),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// doc:begin atomic-counters
func main() {
	var ops atomic.Uint64 // safe to add to from many goroutines at once

	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			for c := 0; c < 1000; c++ {
				ops.Add(1)
			}
			wg.Done()
		}()
	}

	wg.Wait()
	fmt.Println("ops:", ops.Load()) // every one of the 50,000 adds counted
}
// doc:end atomic-counters
// SPDX-License-Identifier: BSD-3-Clause
