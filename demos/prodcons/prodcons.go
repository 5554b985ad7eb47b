// prodcons: a producer and a consumer joined by a buffered channel.  The
// producer runs up to three values ahead of the consumer, then blocks
// until the consumer takes one; close tells the consumer there is no more.
package main

import "fmt"

// doc:begin prodcons
func producer(items chan<- int, n int) {
	for i := 1; i <= n; i++ {
		items <- i // blocks only while the buffer is full
		fmt.Println("produced", i)
	}
	close(items)
}

func consumer(items <-chan int, done chan<- int) {
	sum := 0
	for i := range items { // until closed and drained
		fmt.Println("consumed", i)
		sum += i
	}
	done <- sum
}

func main() {
	items := make(chan int, 3)
	done := make(chan int)
	go producer(items, 10)
	go consumer(items, done)
	fmt.Println("sum", <-done)
}
// doc:end prodcons
// SPDX-License-Identifier: BSD-3-Clause
