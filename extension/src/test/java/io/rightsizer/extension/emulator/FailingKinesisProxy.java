package io.rightsizer.extension.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Sits in front of moto and makes Kinesis reject one entry of the first multi-record PutRecords with
 * {@code ProvisionedThroughputExceededException}, as a busy shard does. moto never throttles, so this is the only
 * way to exercise a partial failure locally; the rejected entry is not forwarded, so moto stores it only when the
 * extension retries it.
 */
public final class FailingKinesisProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Must be set before the first JDK HttpServer of this JVM starts (see LambdaRuntimeEmulator).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final int failIndex;
    private final List<List<String>> putRecordsCalls = new CopyOnWriteArrayList<>();
    private volatile boolean failed;

    public FailingKinesisProxy(String targetEndpoint, int failIndex) throws IOException {
        this.target = URI.create(targetEndpoint + "/");
        this.failIndex = failIndex;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", this::handle);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The base64 Data of every PutRecords call, in order. */
    public List<List<String>> putRecordsCalls() {
        return List.copyOf(putRecordsCalls);
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        String amzTarget = ex.getRequestHeaders().getFirst("X-Amz-Target");
        boolean inject = false;
        if ("Kinesis_20131202.PutRecords".equals(amzTarget)) {
            ObjectNode request = (ObjectNode) JSON.readTree(body);
            ArrayNode records = (ArrayNode) request.get("Records");
            List<String> data = new java.util.ArrayList<>();
            records.forEach(r -> data.add(r.get("Data").asText()));
            putRecordsCalls.add(data);
            if (!failed && records.size() > failIndex && records.size() >= 2) {
                failed = true;
                inject = true;
                records.remove(failIndex);
                body = JSON.writeValueAsBytes(request);
            }
        }
        HttpRequest.Builder forward = HttpRequest.newBuilder(this.target.resolve(ex.getRequestURI().getRawPath()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("Content-Type", "X-Amz-Target", "X-Amz-Date", "X-Amz-Security-Token",
                "Authorization")) {
            String value = ex.getRequestHeaders().getFirst(header);
            if (value != null) {
                forward.header(header, value);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        byte[] out = response.body();
        if (inject && response.statusCode() == 200) {
            ObjectNode result = (ObjectNode) JSON.readTree(out);
            ArrayNode entries = (ArrayNode) result.get("Records");
            entries.insertObject(failIndex).put("ErrorCode", "ProvisionedThroughputExceededException")
                    .put("ErrorMessage", "Rate exceeded for shard shardId-000000000000 in stream telemetry.");
            JsonNode count = result.get("FailedRecordCount");
            result.put("FailedRecordCount", (count == null ? 0 : count.asInt()) + 1);
            out = JSON.writeValueAsBytes(result);
        }
        ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        ex.sendResponseHeaders(response.statusCode(), out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
