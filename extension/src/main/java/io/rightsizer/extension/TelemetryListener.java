package io.rightsizer.extension;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** The HTTP endpoint Lambda POSTs telemetry batches to; answers 200 at once, even for batches it cannot read. */
final class TelemetryListener {

    /** Twice the largest batch Lambda sends with our buffering (maxBytes 262144). */
    private static final int MAX_BODY = 2 * 1024 * 1024;

    private final HttpServer server;

    private TelemetryListener(HttpServer server) {
        this.server = server;
    }

    /** Binds to {@code host:port} (port 0 = any free port); an unresolvable host binds every interface instead. */
    static TelemetryListener start(String host, int port, Consumer<String> batches) throws IOException {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            Log.info("cannot resolve " + host + "; listening on all interfaces");
            address = new InetSocketAddress(port);
        }
        HttpServer server = HttpServer.create(address, 16);
        server.createContext("/", exchange -> handle(exchange, batches));
        // No executor: the dispatcher thread handles each small batch itself, one thread fewer.
        server.start();
        return new TelemetryListener(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void handle(HttpExchange exchange, Consumer<String> batches) throws IOException {
        try (exchange) {
            String body = read(exchange.getRequestBody());
            try {
                // An oversized or non-POST delivery is passed on as empty text: counted as malformed.
                batches.accept(body != null && "POST".equals(exchange.getRequestMethod()) ? body : "");
            } catch (RuntimeException e) {
                Log.once("listener-fault", "telemetry handling failed: " + e);
            }
            // Always 2xx: an error would make Lambda resend the same batch.
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static String read(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[8192];
        int n;
        boolean tooBig = false;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > MAX_BODY) {
                tooBig = true;
            } else {
                out.write(buf, 0, n);
            }
        }
        return tooBig ? null : out.toString(StandardCharsets.UTF_8);
    }
}
