// hello: one goroutine sends a string on an unbuffered channel; main
// receives it.
package main

import "fmt"

// doc:begin hello
func main() {
	messages := make(chan string)
	go func() {
		messages <- "Hello World"
	}()
	msg, ok := <-messages
	fmt.Printf("msg='%s', ok='%t'\n", msg, ok)
}
// doc:end hello
