package io.rightsizer.extension;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The HTTP endpoint Lambda POSTs telemetry batches to: one thread, one request per connection, 200 at once even for
 * batches it cannot read (an error would make Lambda resend them). Deliberately not {@code jdk.httpserver}: that
 * module's selector, executor and classes cost several MB and tens of milliseconds of start.
 */
final class TelemetryListener implements Runnable {

    /** Four times the largest batch Lambda sends with our buffering (maxBytes 262144). */
    static final int MAX_BODY = 1024 * 1024;
    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TOO_LARGE =
            "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final Consumer<String> batches;
    private final Counters counters;

    private TelemetryListener(ServerSocket server, Consumer<String> batches, Counters counters) {
        this.server = server;
        this.batches = batches;
        this.counters = counters;
    }

    /** Binds to {@code host:port} (port 0 = any free port); an unresolvable host binds every interface instead. */
    static TelemetryListener start(String host, int port, Consumer<String> batches, Counters counters)
            throws IOException {
        InetSocketAddress address;
        try {
            address = new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            Log.info("cannot resolve " + host + "; listening on all interfaces");
            address = new InetSocketAddress(port);
        }
        ServerSocket server = new ServerSocket();
        server.bind(address, 16);
        TelemetryListener listener = new TelemetryListener(server, batches, counters);
        Thread t = new Thread(null, listener, "rightsizer-telemetry", 256 * 1024);
        t.setDaemon(true);
        t.start();
        return listener;
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void run() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(10_000);
                handle(socket);
            } catch (IOException | RuntimeException e) {
                Log.once("listener-" + e.getClass().getSimpleName(), "telemetry connection failed: " + e);
            }
        }
    }

    private void handle(Socket socket) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
        OutputStream out = socket.getOutputStream();
        String requestLine = readLine(in);
        long length = -1;
        boolean chunked = false;
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            } else if (name.equals("expect") && value.equalsIgnoreCase("100-continue")) {
                out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        }
        String body = chunked ? readChunked(in) : length > MAX_BODY ? null : readExactly(in, (int) Math.max(0, length));
        if (body == null) {
            counters.malformed.incrementAndGet();
            Log.once("listener-too-large", "telemetry batch over " + MAX_BODY + " bytes refused");
            out.write(TOO_LARGE);
            out.flush();
            return;
        }
        try {
            // A non-POST delivery is passed on as empty text: counted as malformed.
            batches.accept(requestLine.startsWith("POST ") ? body : "");
        } catch (RuntimeException e) {
            Log.once("listener-fault", "telemetry handling failed: " + e);
        }
        out.write(OK);
        out.flush();
    }

    private static String readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        while (true) {
            String sizeLine = readLine(in);
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
            if (size == 0) {
                while (!readLine(in).isEmpty()) {
                    // Trailers are not used.
                }
                return body.toString(StandardCharsets.UTF_8);
            }
            if (size < 0 || body.size() + size > MAX_BODY) {
                return null;
            }
            body.write(readBytes(in, size));
            readLine(in);
        }
    }

    private static String readExactly(InputStream in, int n) throws IOException {
        return new String(readBytes(in, n), StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(InputStream in, int n) throws IOException {
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            int r = in.read(buf, off, n - off);
            if (r < 0) {
                throw new EOFException("connection closed inside a body");
            }
            off += r;
        }
        return buf;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("connection closed inside the request head");
            }
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            if (sb.length() > 16 * 1024) {
                throw new IOException("request line too long");
            }
            sb.append((char) c);
        }
    }
}
