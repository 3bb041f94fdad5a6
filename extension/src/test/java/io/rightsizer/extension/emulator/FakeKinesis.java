package io.rightsizer.extension.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/** An always-accepting PutRecords endpoint for the build's class-data training run (no moto needed at package time). */
public final class FakeKinesis implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Must be set before the first JDK HttpServer of this JVM starts (see LambdaRuntimeEmulator).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    private final HttpServer server;
    private final AtomicInteger records = new AtomicInteger();

    public FakeKinesis() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", ex -> {
            JsonNode body = JSON.readTree(ex.getRequestBody());
            ObjectNode out = JSON.createObjectNode().put("FailedRecordCount", 0);
            ArrayNode results = out.putArray("Records");
            for (int i = 0; i < body.path("Records").size(); i++) {
                records.incrementAndGet();
                results.addObject().put("SequenceNumber", "4959" + i).put("ShardId", "shardId-000000000000");
            }
            byte[] bytes = out.toString().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(bytes);
            }
        });
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public int records() {
        return records.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
