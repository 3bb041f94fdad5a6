package io.rightsizer.ingest.testing;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy in front of moto that answers chosen Step Functions actions with errors in the service's JSON error
 * shape (400 {@code ThrottlingException}, 500 {@code InternalFailure}) a given number of times, and forwards every
 * other request unchanged. The test seam for failures moto itself never produces.
 */
public final class FaultProxy implements AutoCloseable {

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger throttleLeft = new AtomicInteger();
    private final AtomicInteger serverErrorsLeft = new AtomicInteger();
    private final AtomicInteger faultsSent = new AtomicInteger();
    private final AtomicInteger forwarded = new AtomicInteger();
    private volatile String action = "AWSStepFunctions.StartExecution";
    private volatile List<String> bodyMarkers = List.of();

    private FaultProxy(HttpServer server, URI target) {
        this.server = server;
        this.target = target;
    }

    /** Starts a proxy to {@code target} on a free loopback port. */
    public static FaultProxy start(URI target) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            FaultProxy proxy = new FaultProxy(server, target);
            server.createContext("/", proxy::handle);
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fault proxy", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Faults apply to requests with this {@code X-Amz-Target} (default: Step Functions StartExecution). */
    public void forAction(String amzTarget) {
        action = amzTarget;
    }

    /** The next {@code n} requests of the action are answered 400 ThrottlingException. */
    public void throttle(int n) {
        throttleLeft.set(n);
    }

    /** The next {@code n} requests of the action are answered 500. */
    public void failWithServerErrors(int n) {
        serverErrorsLeft.set(n);
    }

    /** Only requests whose body contains every one of {@code markers} get faults. */
    public void onlyWhenBodyContains(String... markers) {
        bodyMarkers = List.of(markers);
    }

    /** No more faults. */
    public void heal() {
        throttleLeft.set(0);
        serverErrorsLeft.set(0);
        bodyMarkers = List.of();
        action = "AWSStepFunctions.StartExecution";
        faultsSent.set(0);
        forwarded.set(0);
    }

    /** How many fault answers were sent. */
    public int faultsSent() {
        return faultsSent.get();
    }

    /** How many requests of the action reached moto. */
    public int forwardedActions() {
        return forwarded.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String text = new String(body, StandardCharsets.UTF_8);
            boolean chosen = bodyMarkers.stream().allMatch(text::contains);
            if (action.equals(target) && chosen) {
                if (throttleLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    fault(exchange, 400, "ThrottlingException", "Rate exceeded");
                    return;
                }
                if (serverErrorsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    fault(exchange, 500, "InternalFailure", "The request processing has failed because of an"
                            + " unknown error, exception or failure.");
                    return;
                }
                forwarded.incrementAndGet();
            }
            forward(exchange, body);
        }
    }

    private void fault(HttpExchange exchange, int status, String type, String message) throws IOException {
        faultsSent.incrementAndGet();
        byte[] out = ("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        exchange.getResponseHeaders().add("x-amzn-RequestId", "fault-" + faultsSent.get());
        exchange.sendResponseHeaders(status, out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : header.getValue()) {
                request.header(header.getKey(), value);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                values.forEach(v -> exchange.getResponseHeaders().add(name, v));
            }
        });
        byte[] out = response.body();
        exchange.sendResponseHeaders(response.statusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = exchange.getResponseBody()) {
                os.write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
