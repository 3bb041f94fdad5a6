// Package telemetryapi subscribes to the Lambda Telemetry API and receives what it delivers: an HTTP listener
// for the batches Lambda POSTs, and the parser that keeps only platform.report.
package telemetryapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Schema versions, newest first: the newest is asked for; a Lambda that refuses it (400) gets the previous one.
var schemaVersions = []string{"2025-01-29", "2022-12-13"}

// SubscribeError is a refused subscription.
type SubscribeError struct {
	Status int
	Body   string
}

func (e *SubscribeError) Error() string {
	return fmt.Sprintf("telemetry subscription answered %d: %s", e.Status, e.Body)
}

// Subscribe asks for platform events to be POSTed to destination; it returns the schema version accepted.
func Subscribe(ctx context.Context, client *http.Client, base, extensionID, destination string) (string, error) {
	var last error
	for _, schema := range schemaVersions {
		err := subscribe(ctx, client, base, extensionID, destination, schema)
		if err == nil {
			return schema, nil
		}
		last = err
		var refused *SubscribeError
		if !errors.As(err, &refused) || refused.Status != http.StatusBadRequest {
			break
		}
	}
	return "", last
}

func subscribe(ctx context.Context, client *http.Client, base, extensionID, destination, schema string) error {
	body, _ := json.Marshal(map[string]any{
		"schemaVersion": schema,
		"types":         []string{"platform"},
		// Always sent: the documented defaults disagree. The smallest buffer Lambda allows (it counts towards the
		// function's memory) and a short timeout, so reports arrive during the next invocation.
		"buffering":   map[string]int{"maxItems": 1000, "maxBytes": 262144, "timeoutMs": 100},
		"destination": map[string]string{"protocol": "HTTP", "URI": destination},
	})
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, base+"/2022-07-01/telemetry", bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Lambda-Extension-Identifier", extensionID)
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64*1024))
	if resp.StatusCode != http.StatusOK {
		return &SubscribeError{Status: resp.StatusCode, Body: strings.TrimSpace(string(answer))}
	}
	return nil
}
