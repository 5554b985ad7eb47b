// counter: one counter, many goroutines, two ways: shared memory guarded
// by a mutex, and memory owned by one goroutine that others talk to over
// a channel ("share memory by communicating").
// Usage: counter [goroutines [increments]] (default 100 1000).
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

// doc:begin counter-mutex
func mutexCounter(goroutines, increments int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	count := 0
	wg.Add(goroutines)
	for g := 0; g < goroutines; g++ {
		go func() {
			defer wg.Done()
			for i := 0; i < increments; i++ {
				mu.Lock()
				count++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return count
}
// doc:end counter-mutex

// doc:begin counter-chan
func chanCounter(goroutines, increments int) int {
	incr := make(chan int)
	result := make(chan int)
	go func() { // the owner: the only goroutine that touches count
		count := 0
		for d := range incr {
			count += d
		}
		result <- count
	}()
	var wg sync.WaitGroup
	wg.Add(goroutines)
	for g := 0; g < goroutines; g++ {
		go func() {
			defer wg.Done()
			for i := 0; i < increments; i++ {
				incr <- 1
			}
		}()
	}
	wg.Wait()
	close(incr)
	return <-result
}
// doc:end counter-chan

func main() {
	goroutines, increments := 100, 1000
	if len(os.Args) > 2 {
		goroutines, _ = strconv.Atoi(os.Args[1])
		increments, _ = strconv.Atoi(os.Args[2])
	}
	fmt.Println("mutex counter:", mutexCounter(goroutines, increments))
	fmt.Println("channel counter:", chanCounter(goroutines, increments))
}
// SPDX-License-Identifier: BSD-3-Clause
