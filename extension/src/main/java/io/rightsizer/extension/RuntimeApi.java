package io.rightsizer.extension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Client of the Lambda Extensions API and the Telemetry API subscription (AWS-FACTS sections 1 and 2). */
final class RuntimeApi {

    /** The Runtime API answered with an HTTP error. */
    static final class ApiException extends IOException {
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** What registration tells us. */
    record Registration(String extensionId, String functionName, String accountId) {
    }

    private final String base;
    private String extensionId;

    RuntimeApi(String runtimeApiHostPort) {
        this.base = "http://" + runtimeApiHostPort;
    }

    Registration register(String name) throws IOException {
        HttpURLConnection conn = open("/2020-01-01/extension/register", "POST");
        conn.setRequestProperty("Lambda-Extension-Name", name);
        conn.setRequestProperty("Lambda-Extension-Accept-Feature", "accountId");
        String body = send(conn, "{\"events\":[\"INVOKE\",\"SHUTDOWN\"]}");
        extensionId = conn.getHeaderField("Lambda-Extension-Identifier");
        if (extensionId == null || extensionId.isEmpty()) {
            throw new ApiException(conn.getResponseCode(), "register answered without Lambda-Extension-Identifier");
        }
        String functionName = null;
        String accountId = null;
        try {
            if (Json.parse(body) instanceof Map<?, ?> m) {
                functionName = m.get("functionName") instanceof String s ? s : null;
                accountId = m.get("accountId") instanceof String s ? s : null;
            }
        } catch (Json.MalformedJsonException e) {
            Log.info("register response is not JSON; using the environment instead");
        }
        return new Registration(extensionId, functionName, accountId);
    }

    /** Blocks until the next event; no client timeout, the environment may stay frozen for hours. */
    Map<?, ?> next() throws IOException {
        HttpURLConnection conn = open("/2020-01-01/extension/event/next", "GET");
        conn.setReadTimeout(0);
        String body = send(conn, null);
        Object event = Json.parse(body);
        if (!(event instanceof Map<?, ?> map)) {
            throw new ApiException(200, "event is not a JSON object");
        }
        return map;
    }

    /** Subscribes to platform telemetry; returns normally only on 200. */
    void subscribeTelemetry(String listenerUri) throws IOException {
        HttpURLConnection conn = open("/2022-07-01/telemetry", "PUT");
        StringBuilder body = new StringBuilder(
                "{\"schemaVersion\":\"2025-01-29\",\"types\":[\"platform\"],"
                        + "\"buffering\":{\"maxItems\":1000,\"maxBytes\":262144,\"timeoutMs\":100},"
                        + "\"destination\":{\"protocol\":\"HTTP\",\"URI\":");
        Json.writeString(body, listenerUri);
        send(conn, body.append("}}").toString());
    }

    /** Tells Lambda this extension gives up (it must exit afterwards). */
    void exitError(String reason, String message) {
        try {
            HttpURLConnection conn = open("/2020-01-01/extension/exit/error", "POST");
            conn.setRequestProperty("Lambda-Extension-Function-Error-Type", "Extension." + reason);
            StringBuilder body = new StringBuilder("{\"errorMessage\":");
            Json.writeString(body, message);
            body.append(",\"errorType\":");
            Json.writeString(body, "Extension." + reason);
            send(conn, body.append(",\"stackTrace\":[]}").toString());
        } catch (IOException | RuntimeException e) {
            Log.info("could not report exit error: " + e);
        }
    }

    private HttpURLConnection open(String path, String method) throws IOException {
        HttpURLConnection conn = (HttpURLConnection) new URL(base + path).openConnection();
        conn.setRequestMethod(method);
        conn.setConnectTimeout(2000);
        conn.setReadTimeout(5000);
        conn.setUseCaches(false);
        if (extensionId != null) {
            conn.setRequestProperty("Lambda-Extension-Identifier", extensionId);
        }
        return conn;
    }

    private static String send(HttpURLConnection conn, String body) throws IOException {
        if (body != null) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            conn.setDoOutput(true);
            conn.setRequestProperty("Content-Type", "application/json");
            conn.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = conn.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = conn.getResponseCode();
        InputStream in = status >= 400 ? conn.getErrorStream() : conn.getInputStream();
        String text = in == null ? "" : readAll(in);
        if (status >= 300) {
            throw new ApiException(status, conn.getRequestMethod() + ' ' + conn.getURL().getPath()
                    + " answered " + status + ": " + text);
        }
        return text;
    }

    private static String readAll(InputStream in) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[2048];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
