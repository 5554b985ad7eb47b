// The Go program that labs/07-bank/solution.c is the C twin of; make labs-check
// runs it and compares its output with expected-output.  A solution: remove it
// before handing the lab out (make labs-dist leaves it out).

package main

import (
	"fmt"
	"sync"
)

type Bank struct {
	mu      sync.Mutex // guards balance
	balance [4]int64
}

func (b *Bank) Transfer(from, to int, amount int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.balance[from] >= amount { // the check and the updates: one step
		b.balance[from] -= amount
		b.balance[to] += amount
	}
}

func main() {
	b := &Bank{balance: [4]int64{100, 100, 100, 100}}
	var wg sync.WaitGroup
	for t := 0; t < 4; t++ {
		wg.Add(1)
		go func(t int) {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				b.Transfer((t+i)%4, (t+i+1)%4, int64(1+i%3))
			}
		}(t)
	}
	wg.Wait()
	var total int64
	for a, v := range b.balance {
		fmt.Printf("account %d: %d\n", a, v)
		total += v
	}
	fmt.Printf("total: %d\n", total)
}
// SPDX-License-Identifier: BSD-3-Clause
