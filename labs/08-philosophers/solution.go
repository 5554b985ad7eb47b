// The Go program that labs/08-philosophers/solution.c is the C twin of; make labs-check
// runs it and compares its output with expected-output.  A solution: remove it
// before handing the lab out (make labs-dist leaves it out).

package main

import (
	"fmt"
	"sync"
)

func main() {
	var forks [5]sync.Mutex
	var wg sync.WaitGroup
	for p := 0; p < 5; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			for meal := 0; meal < 3; meal++ {
				first, second := p, (p+1)%5
				if first > second { // one order for every lock: the lower-numbered fork first
					first, second = second, first
				}
				forks[first].Lock()
				forks[second].Lock()
				forks[second].Unlock()
				forks[first].Unlock()
			}
		}(p)
	}
	wg.Wait()
	fmt.Println("every philosopher ate 3 times")
}
// SPDX-License-Identifier: BSD-3-Clause
