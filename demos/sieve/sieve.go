// sieve: the concurrent prime sieve, a daisy chain of filter goroutines,
// one per prime found.  Usage: sieve [n] prints the first n primes
// (default 10).  Adapted from the Go distribution (doc/play/sieve.go):
// here main also stops the chain when it has its primes, by closing a
// done channel, and waits for every goroutine to return.
package main

import (
	"fmt"
	"os"
	"strconv"
	"sync"
)

// doc:begin sieve
// Send the sequence 2, 3, 4, ... to channel 'ch' until done is closed.
func Generate(ch chan<- int, done <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 2; ; i++ {
		select {
		case ch <- i: // Send 'i' to channel 'ch'.
		case <-done:
			return
		}
	}
}

// Copy the values from channel 'in' to channel 'out',
// removing those divisible by 'prime', until done is closed.
func Filter(in <-chan int, out chan<- int, prime int, done <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for {
		var i int
		select {
		case i = <-in: // Receive value from 'in'.
		case <-done:
			return
		}
		if i%prime != 0 {
			select {
			case out <- i: // Send 'i' to 'out'.
			case <-done:
				return
			}
		}
	}
}

// The prime sieve: Daisy-chain Filter processes.
func main() {
	n := 10
	if len(os.Args) > 1 {
		n, _ = strconv.Atoi(os.Args[1])
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	ch := make(chan int) // Create a new channel.
	wg.Add(1)
	go Generate(ch, done, &wg) // Launch Generate goroutine.
	for i := 0; i < n; i++ {
		prime := <-ch
		fmt.Println(prime)
		ch1 := make(chan int)
		wg.Add(1)
		go Filter(ch, ch1, prime, done, &wg)
		ch = ch1
	}
	close(done) // stop the chain,
	wg.Wait()   // and wait until it has
}
// doc:end sieve
// SPDX-License-Identifier: BSD-3-Clause
