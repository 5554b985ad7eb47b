// loopvar: the loop-variable trap, avoided.  Each goroutine gets the
// value of i as an argument, evaluated when the go statement runs.
package main

import (
	"fmt"
	"sync"
)

// doc:begin loopvar
func main() {
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func(i int) { // i is copied now, as every go statement's arguments are
			defer wg.Done()
			fmt.Println("goroutine", i)
		}(i)
	}
	wg.Wait()
}
// doc:end loopvar
// SPDX-License-Identifier: BSD-3-Clause
