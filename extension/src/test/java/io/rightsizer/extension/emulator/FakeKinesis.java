package io.rightsizer.extension.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/** An always-accepting PutRecords endpoint: for the build's class-data training run, TLS tests and benchmarks. */
public final class FakeKinesis implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // Must be set before the first JDK HttpServer of this JVM starts (see LambdaRuntimeEmulator).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    private final HttpServer server;
    private final String scheme;
    private final AtomicInteger records = new AtomicInteger();

    public FakeKinesis() throws IOException {
        this(null);
    }

    /** With a context, serves HTTPS (like the real endpoint) with that context's certificate. */
    public FakeKinesis(SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls != null) {
            HttpsServer https = HttpsServer.create(address, 8);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        } else {
            server = HttpServer.create(address, 8);
        }
        scheme = tls != null ? "https" : "http";
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
        return scheme + "://127.0.0.1:" + server.getAddress().getPort();
    }

    public int records() {
        return records.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
