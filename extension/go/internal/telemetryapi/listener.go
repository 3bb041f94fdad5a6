package telemetryapi

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"time"
)

// MaxBatchBytes bounds a delivered batch: four times the largest Lambda sends with the buffering asked for.
const MaxBatchBytes = 1 << 20

// Listener is the HTTP endpoint Lambda POSTs telemetry batches to.
type Listener struct {
	ln  net.Listener
	srv *http.Server
}

// Listen binds host:port (port 0: any free port). When host does not resolve it binds every interface instead
// and says so through fallback.
func Listen(host string, port int, fallback func(err error)) (*Listener, error) {
	ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
	if err != nil {
		var dnsErr *net.DNSError
		if !errors.As(err, &dnsErr) {
			return nil, err
		}
		fallback(err)
		if ln, err = net.Listen("tcp", ":"+strconv.Itoa(port)); err != nil {
			return nil, err
		}
	}
	return &Listener{ln: ln}, nil
}

// Port is the port bound.
func (l *Listener) Port() int {
	return l.ln.Addr().(*net.TCPAddr).Port
}

// Serve hands each POSTed body to handle (bounded to MaxBatchBytes) and answers 200 whatever it held: an error
// would only make Lambda send the same batch again. It returns when the listener is closed.
func (l *Listener) Serve(handle func(body io.Reader)) error {
	l.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				handle(http.MaxBytesReader(w, r.Body, MaxBatchBytes))
			} else {
				handle(eofReader{})
			}
			io.Copy(io.Discard, io.LimitReader(r.Body, MaxBatchBytes))
			w.WriteHeader(http.StatusOK)
		}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       5 * time.Minute,
		MaxHeaderBytes:    16 << 10,
	}
	err := l.srv.Serve(l.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// eofReader is the empty body handed on for a request that is not a POST (counted as malformed).
type eofReader struct{}

func (eofReader) Read([]byte) (int, error) { return 0, io.EOF }
