// The Go program that labs/01-waitgroup/solution.c is the C twin of; make labs-check
// runs it and compares its output with expected-output.  A solution: remove it
// before handing the lab out (make labs-dist leaves it out).

package main

import (
	"fmt"
	"sync"
	"time"
)

func main() {
	var wg sync.WaitGroup
	results := make([]int, 8)
	for id := 0; id < 8; id++ {
		wg.Add(1) // here, before go: never inside the goroutine
		go func(id int) {
			defer wg.Done()
			time.Sleep(10 * time.Millisecond) // the work
			results[id] = id * id
		}(id)
	}
	wg.Wait()
	sum := 0
	for _, r := range results {
		sum += r
	}
	fmt.Printf("sum of squares 0..7: %d\n", sum)
}
// SPDX-License-Identifier: BSD-3-Clause
