// closures_broken: the loop-variable trap.  Every goroutine reads the one
// variable i that the loop keeps changing (Go 1.21 and older; Go 1.22
// gave each iteration its own i).  go vet warns; `go run -race` reports
// the race.
package main

import (
	"fmt"
	"sync"
)

// doc:begin closures_broken
func main() {
	var wg sync.WaitGroup
	for i := 0; i < 5; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fmt.Println("goroutine", i) // reads the loop's i, racing with i++
		}()
	}
	wg.Wait()
}
// doc:end closures_broken
// SPDX-License-Identifier: CC-BY-SA-3.0
