// Command floor is the least an external Lambda extension can do: register, then ask for the next event
// again as soon as one arrives, until SHUTDOWN. The extension benchmark runs it beside the real extensions to
// show what the sandbox, the emulator and the machine cost by themselves (process start, one Runtime API round
// trip, an INVOKE answered with nothing done).
package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	api := os.Getenv("AWS_LAMBDA_RUNTIME_API")
	conn, err := net.Dial("tcp", api)
	if err != nil {
		fmt.Println("floor: cannot reach the Runtime API:", err)
		os.Exit(1)
	}
	r := bufio.NewReader(conn)
	body := `{"events":["INVOKE","SHUTDOWN"]}`
	fmt.Fprintf(conn, "POST /2020-01-01/extension/register HTTP/1.1\r\nHost: %s\r\nLambda-Extension-Name: %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", api, filepath.Base(os.Args[0]), len(body), body)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		os.Exit(1)
	}
	id := resp.Header.Get("Lambda-Extension-Identifier")
	io.Copy(io.Discard, resp.Body)
	invokes := 0
	for {
		fmt.Fprintf(conn, "GET /2020-01-01/extension/event/next HTTP/1.1\r\nHost: %s\r\nLambda-Extension-Identifier: %s\r\n\r\n", api, id)
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			os.Exit(1)
		}
		event, _ := io.ReadAll(resp.Body)
		if strings.Contains(string(event), `"SHUTDOWN"`) {
			fmt.Printf("floor: counters received=0 shipped=0 invokes=%d\n", invokes)
			os.Exit(0)
		}
		invokes++
	}
}
