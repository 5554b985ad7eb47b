// gbe-mutexes: a mutex guards a map of counters that three goroutines add to.
// After "Mutexes" in Go by Example (https://gobyexample.com/mutexes),
// by Mark McGranaghan and Eli Bendersky, CC BY 3.0: our own program,
// doing what the chapter's does and printing what it prints.
package main

import (
	"fmt"
	"sync"
)

// doc:begin mutexes
// Container holds counters by name; mu guards counters.
type Container struct {
	mu       sync.Mutex
	counters map[string]int
}

func (c *Container) inc(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.counters[name]++
}

func main() {
	c := Container{counters: map[string]int{"a": 0, "b": 0}}

	var wg sync.WaitGroup
	add := func(name string, n int) {
		for i := 0; i < n; i++ {
			c.inc(name)
		}
		wg.Done()
	}

	wg.Add(3)
	go add("a", 10000) // two goroutines on the same counter,
	go add("a", 10000)
	go add("b", 10000) // one on the other

	wg.Wait()
	fmt.Println(c.counters)
}
// doc:end mutexes
// SPDX-License-Identifier: BSD-3-Clause
