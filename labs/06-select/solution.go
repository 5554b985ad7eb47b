// The Go program that labs/06-select/solution.c is the C twin of; make labs-check
// runs it and compares its output with expected-output.  A solution: remove it
// before handing the lab out (make labs-dist leaves it out).

package main

import (
	"fmt"
	"sync"
	"time"
)

func fetch(id int) <-chan int {
	c := make(chan int, 1)
	go func() {
		if id%2 == 1 {
			time.Sleep(5 * time.Millisecond)
		} else {
			time.Sleep(2 * time.Second)
		}
		c <- id * 10
	}()
	return c
}

func main() {
	quit := make(chan struct{})
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t := time.NewTicker(10 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-quit:
					return
				case <-t.C:
				}
			}
		}()
	}
	for id := 1; id <= 4; id++ {
		select {
		case v := <-fetch(id):
			fmt.Printf("fetch %d: %d\n", id, v)
		case <-time.After(100 * time.Millisecond): // a new timer for each fetch
			fmt.Printf("fetch %d: timeout\n", id)
		}
	}
	close(quit) // every receive on a closed channel succeeds: all watchers see it
	wg.Wait()
	fmt.Println("watchers stopped")
}
// SPDX-License-Identifier: BSD-3-Clause
