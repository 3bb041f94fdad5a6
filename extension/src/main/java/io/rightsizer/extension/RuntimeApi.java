package io.rightsizer.extension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Client of the Lambda Extensions API and the Telemetry API subscription (AWS-FACTS sections 1 and 2). */
final class RuntimeApi {

    /** The Runtime API answered with an HTTP error. */
    static final class ApiException extends IOException {
        ApiException(String message) {
            super(message);
        }
    }

    /** What registration tells us. */
    record Registration(String extensionId, String functionName, String accountId) {
    }

    private static final int CALL_TIMEOUT_MS = 5000;

    /** The long poll gets a connection of its own. */
    private final HttpConnection events;
    private final HttpConnection calls;
    private String extensionId;

    RuntimeApi(String runtimeApiHostPort) {
        int colon = runtimeApiHostPort.lastIndexOf(':');
        String host = colon > 0 ? runtimeApiHostPort.substring(0, colon) : runtimeApiHostPort;
        int port = colon > 0 ? Integer.parseInt(runtimeApiHostPort.substring(colon + 1)) : 80;
        this.events = new HttpConnection(host, port, false);
        this.calls = new HttpConnection(host, port, false);
    }

    Registration register(String name) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Lambda-Extension-Name", name);
        headers.put("Lambda-Extension-Accept-Feature", "accountId");
        headers.put("Content-Type", "application/json");
        HttpConnection.Response response = check("register", calls.send("POST", "/2020-01-01/extension/register",
                headers, utf8("{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}"), CALL_TIMEOUT_MS));
        extensionId = response.headers().get("lambda-extension-identifier");
        if (extensionId == null || extensionId.isEmpty()) {
            throw new ApiException("register answered without Lambda-Extension-Identifier");
        }
        String functionName = null;
        String accountId = null;
        try {
            if (Json.parse(response.text()) instanceof Map<?, ?> m) {
                functionName = m.get("functionName") instanceof String s ? s : null;
                accountId = m.get("accountId") instanceof String s ? s : null;
            }
        } catch (Json.MalformedJsonException e) {
            Log.info("register response is not JSON; using the environment instead");
        }
        return new Registration(extensionId, functionName, accountId);
    }

    /**
     * Blocks until the next event; no client timeout, the environment may stay frozen for hours.
     * {@code afterRequest} runs as soon as the request is sent (may run twice if a stale connection is replaced).
     */
    Map<?, ?> next(Runnable afterRequest) throws IOException {
        HttpConnection.Response response = check("event/next",
                events.send("GET", "/2020-01-01/extension/event/next", identified(), null, 0, afterRequest));
        Object event = Json.parse(response.text());
        if (!(event instanceof Map<?, ?> map)) {
            throw new ApiException("event is not a JSON object");
        }
        return map;
    }

    /** Subscribes to platform telemetry; returns normally only on 200. */
    void subscribeTelemetry(String listenerUri) throws IOException {
        StringBuilder body = new StringBuilder(
                "{\"schemaVersion\":\"2025-01-29\",\"types\":[\"platform\"],"
                        + "\"buffering\":{\"maxItems\":1000,\"maxBytes\":262144,\"timeoutMs\":100},"
                        + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":");
        Json.writeString(body, listenerUri);
        Map<String, String> headers = identified();
        headers.put("Content-Type", "application/json");
        check("telemetry subscription",
                calls.send("PUT", "/2022-07-01/telemetry", headers, utf8(body.append("}}").toString()), CALL_TIMEOUT_MS));
    }

    /** Tells Lambda this extension gives up (it must exit afterwards). */
    void exitError(String reason, String message) {
        try {
            Map<String, String> headers = identified();
            headers.put("Lambda-Extension-Function-Error-Type", "Extension." + reason);
            headers.put("Content-Type", "application/json");
            StringBuilder body = new StringBuilder("{\"errorMessage\":");
            Json.writeString(body, message);
            body.append(",\"errorType\":");
            Json.writeString(body, "Extension." + reason);
            calls.send("POST", "/2020-01-01/extension/exit/error", headers,
                    utf8(body.append(",\"stackTrace\":[]}").toString()), CALL_TIMEOUT_MS);
        } catch (IOException | RuntimeException e) {
            Log.info("could not report exit error: " + e);
        }
    }

    private Map<String, String> identified() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (extensionId != null) {
            headers.put("Lambda-Extension-Identifier", extensionId);
        }
        return headers;
    }

    private static HttpConnection.Response check(String what, HttpConnection.Response response) throws ApiException {
        if (response.status() >= 300) {
            throw new ApiException(what + " answered " + response.status() + ": " + response.text());
        }
        return response;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
