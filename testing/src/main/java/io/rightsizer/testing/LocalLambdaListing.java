package io.rightsizer.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local Lambda {@code ListFunctions} endpoint ({@code GET /2015-03-31/functions}) with what moto 5.2.1 leaves out:
 * each function's {@code LoggingConfig} (log format and log group) and the service's paging (at most 50 functions per
 * page, {@code Marker}/{@code NextMarker}, here as few per page as a test asks), plus injected throttling
 * ({@code 429 TooManyRequestsException} with {@code Retry-After}).
 */
public final class LocalLambdaListing implements AutoCloseable {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A function to list.
     *
     * @param logFormat {@code Text} or {@code JSON}; {@code null} lists the function without a {@code LoggingConfig}
     *                  (functions created before Lambda had one)
     * @param logGroup  its custom log group, or {@code null} for the default {@code /aws/lambda/<name>}
     */
    public record Function(String name, int memoryMb, String architecture, String logFormat, String logGroup) {
    }

    private final HttpServer server;
    private final Map<String, Function> functions = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttles = new AtomicInteger();
    private volatile int pageSize = 50;

    private LocalLambdaListing(HttpServer server) {
        this.server = server;
    }

    /** Starts the endpoint on a free loopback port. */
    public static LocalLambdaListing start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            LocalLambdaListing local = new LocalLambdaListing(server);
            server.createContext("/", local::handle);
            server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "local-lambda-listing");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the local ListFunctions endpoint", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The unqualified ARN of a function of this name. */
    public static String arn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    public LocalLambdaListing add(Function function) {
        functions.put(function.name(), function);
        return this;
    }

    /** Deletes a function (its log group stays, as Lambda leaves it). */
    public void delete(String name) {
        functions.remove(name);
    }

    /** At most this many functions per page (the service returns up to 50). */
    public LocalLambdaListing pageSize(int size) {
        this.pageSize = size;
        return this;
    }

    /** The next {@code times} requests answer {@code 429 TooManyRequestsException}. */
    public LocalLambdaListing throttle(int times) {
        throttles.set(times);
        return this;
    }

    /** Every request's path and query, in order. */
    public List<String> requests() {
        return new ArrayList<>(requests);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            requests.add(uri.toString());
            if (!exchange.getRequestMethod().equals("GET") || !uri.getPath().replaceAll("/$", "")
                    .equals("/2015-03-31/functions")) {
                send(exchange, 404, Map.of("x-amzn-ErrorType", "ResourceNotFoundException"),
                        "{\"Type\":\"User\",\"message\":\"not served here: " + uri.getPath() + "\"}");
                return;
            }
            if (throttles.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, 429, Map.of("x-amzn-ErrorType", "TooManyRequestsException", "Retry-After", "1"),
                        "{\"Type\":\"User\",\"message\":\"Rate exceeded\",\"Reason\":\"CallerRateLimitExceeded\"}");
                return;
            }
            Map<String, String> query = query(uri.getRawQuery());
            int max = query.containsKey("MaxItems") ? Integer.parseInt(query.get("MaxItems")) : 50;
            if (max < 1 || max > 10_000) {
                send(exchange, 400, Map.of("x-amzn-ErrorType", "InvalidParameterValueException"),
                        "{\"Type\":\"User\",\"message\":\"MaxItems must be 1..10000\"}");
                return;
            }
            int size = Math.min(Math.min(max, 50), pageSize);
            List<Function> all = new ArrayList<>(new TreeMap<>(functions).values());
            int start = 0;
            if (query.containsKey("Marker")) {
                String marker = query.get("Marker");
                while (start < all.size() && all.get(start).name().compareTo(marker) <= 0) {
                    start++;
                }
            }
            ObjectNode out = JSON.createObjectNode();
            ArrayNode list = out.putArray("Functions");
            int end = Math.min(all.size(), start + size);
            for (Function f : all.subList(start, end)) {
                configuration(f, list.addObject());
            }
            if (end < all.size()) {
                out.put("NextMarker", all.get(end - 1).name());
            }
            send(exchange, 200, Map.of(), JSON.writeValueAsString(out));
        }
    }

    private static void configuration(Function f, ObjectNode n) {
        n.put("FunctionName", f.name());
        n.put("FunctionArn", arn(f.name()));
        n.put("Runtime", "java21");
        n.put("Role", "arn:aws:iam::" + ACCOUNT + ":role/service-role/" + f.name());
        n.put("Handler", "example.Handler::handleRequest");
        n.put("CodeSize", 1024);
        n.put("Description", "");
        n.put("Timeout", 30);
        n.put("MemorySize", f.memoryMb());
        n.put("LastModified", "2026-10-01T09:00:00.000+0000");
        n.put("CodeSha256", "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
        n.put("Version", "$LATEST");
        n.put("RevisionId", java.util.UUID.nameUUIDFromBytes(f.name().getBytes(StandardCharsets.UTF_8)).toString());
        n.put("PackageType", "Zip");
        n.putArray("Architectures").add(f.architecture());
        n.putObject("EphemeralStorage").put("Size", 512);
        n.putObject("TracingConfig").put("Mode", "PassThrough");
        if (f.logFormat() != null) {
            ObjectNode logging = n.putObject("LoggingConfig");
            logging.put("LogFormat", f.logFormat());
            if (f.logFormat().equals("JSON")) {
                logging.put("ApplicationLogLevel", "INFO");
                logging.put("SystemLogLevel", "INFO");
            }
            logging.put("LogGroup", f.logGroup() != null ? f.logGroup() : "/aws/lambda/" + f.name());
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(key, value);
        }
        return out;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        for (Entry<String, String> h : headers.entrySet()) {
            exchange.getResponseHeaders().add(h.getKey(), h.getValue());
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
