package io.rightsizer.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A small HTTP proxy in front of a local stand-in (moto) that passes requests through unless a rule answers them:
 * the test seam for what the stand-in cannot produce (throttling, conflicts, updates in progress) and for routing
 * one service's requests elsewhere. It answers over real HTTP, so the SDK's own error parsing runs; it is not an SDK
 * mock.
 */
public final class InterceptingProxy implements AutoCloseable {

    /** A request as received. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {

        /** The first value of a header, case-insensitively, or {@code null}. */
        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** A response to send back. */
    public record Response(int status, Map<String, String> headers, byte[] body) {

        /** No answer at all: the connection closes after the request was handled, as when a response is lost. */
        public static final Response DROPPED = new Response(0, Map.of(), new byte[0]);

        public static Response json(int status, String json, Map<String, String> extraHeaders) {
            Map<String, String> h = new java.util.HashMap<>(extraHeaders);
            h.put("Content-Type", "application/json");
            return new Response(status, h, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private record Rule(Predicate<Request> when, Function<Request, Response> answer, AtomicInteger remaining) {
    }

    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final URI target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Request> seen = new CopyOnWriteArrayList<>();

    private InterceptingProxy(HttpServer server, URI target) {
        this.server = server;
        this.target = target;
    }

    /** Starts a proxy on a free loopback port forwarding to {@code target}. */
    public static InterceptingProxy start(URI target) {
        return start(target, 0);
    }

    /** Starts a proxy on the given loopback port (0 picks a free one) forwarding to {@code target}. */
    public static InterceptingProxy start(URI target, int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            InterceptingProxy proxy = new InterceptingProxy(server, target);
            server.createContext("/", proxy::handle);
            server.setExecutor(Executors.newFixedThreadPool(8, r -> {
                Thread t = new Thread(r, "intercepting-proxy");
                t.setDaemon(true);
                return t;
            }));
            server.start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy", e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Answers matching requests with {@code answer} for the next {@code times} matches (a negative count: always). */
    public InterceptingProxy when(Predicate<Request> when, int times, Function<Request, Response> answer) {
        rules.add(new Rule(when, answer, new AtomicInteger(times)));
        return this;
    }

    /** Like {@link #when} but consulted before every rule added so far (a fault in front of a routing rule). */
    public InterceptingProxy whenFirst(Predicate<Request> when, int times, Function<Request, Response> answer) {
        rules.add(0, new Rule(when, answer, new AtomicInteger(times)));
        return this;
    }

    /** Forgets the rules and the requests seen. */
    public void clear() {
        rules.clear();
        seen.clear();
    }

    /** Every request received so far, in order. */
    public List<Request> seen() {
        return new ArrayList<>(seen);
    }

    /** Passes a request to another endpoint and returns its answer (for routing rules). */
    public Response forward(Request request, URI to) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(to.resolve(request.path()))
                    .timeout(Duration.ofSeconds(60))
                    .method(request.method(), request.body().length == 0 && !hasBody(request.method())
                            ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
            request.headers().forEach((name, values) -> {
                if (name != null && !HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new java.util.HashMap<>();
            r.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":") && !values.isEmpty()) {
                    headers.put(name, values.get(0));
                }
            });
            return new Response(r.statusCode(), headers, r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static boolean hasBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders()), exchange.getRequestBody().readAllBytes());
            seen.add(request);
            Response response = null;
            for (Rule rule : rules) {
                if (rule.remaining().get() != 0 && rule.when().test(request)) {
                    if (rule.remaining().get() > 0 && rule.remaining().getAndDecrement() <= 0) {
                        continue;
                    }
                    response = rule.answer().apply(request);
                    if (response != null) {
                        break;
                    }
                }
            }
            if (response == null) {
                response = forward(request, target);
            }
            if (response == Response.DROPPED) {
                // Closing without a status line: the client sees the connection end, whatever the request did.
                return;
            }
            response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                exchange.getResponseBody().write(response.body());
            }
        } catch (RuntimeException e) {
            byte[] msg = ("proxy failure: " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(502, msg.length);
            exchange.getResponseBody().write(msg);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
