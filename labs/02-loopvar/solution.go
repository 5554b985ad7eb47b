// The Go program that labs/02-loopvar/solution.c is the C twin of; make labs-check
// runs it and compares its output with expected-output.  A solution: remove it
// before handing the lab out (make labs-dist leaves it out).

package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	wg.Add(5)
	for i := 0; i < 5; i++ {
		go func(i int) { // i's value now: the go statement evaluates its arguments
			defer wg.Done()
			fmt.Println("goroutine", i)
		}(i)
	}
	wg.Wait()
}
// SPDX-License-Identifier: BSD-3-Clause
