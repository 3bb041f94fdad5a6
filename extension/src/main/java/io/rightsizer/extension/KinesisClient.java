package io.rightsizer.extension;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kinesis {@code PutRecords} over the JSON protocol, signed with SigV4, on the JDK's own HTTP client. */
final class KinesisClient {

    /** A whole call failed: the service answered with an error, or did not answer. */
    static final class CallFailedException extends Exception {
        private final String kind;

        CallFailedException(String kind, String message, Throwable cause) {
            super(message, cause);
            this.kind = kind;
        }

        /** A stable name for the fault (error type or exception class), used to log each kind once. */
        String kind() {
            return kind;
        }
    }

    private final URI endpoint;
    private final String streamField;
    private final String stream;
    private final SigV4Signer signer;
    private final SigV4Signer.Credentials credentials;
    private final HttpConnection http;
    private final String path;

    KinesisClient(URI endpoint, String stream, String signingRegion, SigV4Signer.Credentials credentials) {
        this.endpoint = endpoint;
        this.stream = stream;
        this.streamField = stream.startsWith("arn:") ? "StreamARN" : "StreamName";
        this.signer = new SigV4Signer(signingRegion, "kinesis");
        this.credentials = credentials;
        boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
        int port = endpoint.getPort() != -1 ? endpoint.getPort() : tls ? 443 : 80;
        this.http = new HttpConnection(endpoint.getHost(), port, tls);
        this.path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
    }

    /** Loads the crypto providers the signer needs, so the first real call (maybe at SHUTDOWN) is not slowed by it. */
    void warmUp() {
        signer.sign("POST", endpoint, Map.of("Host", http.hostHeader()), new byte[0], credentials, Instant.now());
    }

    /** The endpoint of a region: {@code https://kinesis.<region>.amazonaws.com} (.com.cn in China). */
    static URI defaultEndpoint(String region) {
        String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://kinesis." + region + '.' + suffix + '/');
    }

    /**
     * Sends records to the stream; returns, per record, {@code null} when stored or the error code when Kinesis
     * rejected that entry (retry only those).
     */
    List<String> putRecords(List<byte[]> records, String partitionKey, int timeoutMs) throws CallFailedException {
        StringBuilder body = new StringBuilder(256);
        body.append('{');
        Json.writeString(body, streamField);
        body.append(':');
        Json.writeString(body, stream);
        body.append(",\"Records\":[");
        Base64.Encoder base64 = Base64.getEncoder();
        for (int i = 0; i < records.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append("{\"Data\":\"").append(base64.encodeToString(records.get(i))).append("\",\"PartitionKey\":");
            Json.writeString(body, partitionKey);
            body.append('}');
        }
        body.append("]}");
        byte[] payload = body.toString().getBytes(StandardCharsets.UTF_8);

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-amz-json-1.1");
        headers.put("X-Amz-Target", "Kinesis_20131202.PutRecords");
        Map<String, String> signed = new LinkedHashMap<>(headers);
        signed.put("Host", http.hostHeader());
        headers.putAll(signer.sign("POST", endpoint, signed, payload, credentials, Instant.now()));

        String response;
        int status;
        try {
            HttpConnection.Response r = http.send("POST", path, headers, payload, timeoutMs);
            status = r.status();
            response = r.text();
        } catch (IOException | RuntimeException e) {
            throw new CallFailedException(e.getClass().getSimpleName(),
                    "Kinesis unreachable at " + endpoint + ": " + e, e);
        }
        if (status != 200) {
            String type = errorType(response);
            throw new CallFailedException(type, "PutRecords failed with HTTP " + status + " " + type, null);
        }
        return entryErrors(response, records.size());
    }

    private static List<String> entryErrors(String response, int expected) throws CallFailedException {
        try {
            if (Json.parse(response) instanceof Map<?, ?> root && root.get("Records") instanceof List<?> entries
                    && entries.size() == expected) {
                List<String> errors = new ArrayList<>(expected);
                for (Object entry : entries) {
                    errors.add(entry instanceof Map<?, ?> m && m.get("ErrorCode") instanceof String code
                            ? code : null);
                }
                return errors;
            }
        } catch (Json.MalformedJsonException e) {
            // Falls through to the error below.
        }
        throw new CallFailedException("BadResponse", "PutRecords answered something unreadable", null);
    }

    private static String errorType(String response) {
        try {
            if (Json.parse(response) instanceof Map<?, ?> m && m.get("__type") instanceof String t) {
                int hash = t.lastIndexOf('#');
                return hash >= 0 ? t.substring(hash + 1) : t;
            }
        } catch (Json.MalformedJsonException e) {
            // Not JSON: fall back to a generic kind.
        }
        return "HttpError";
    }
}
