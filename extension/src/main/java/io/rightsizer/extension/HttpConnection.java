package io.rightsizer.extension;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal HTTP/1.1 client over one kept-alive socket (plain or TLS with host-name verification). The JDK's
 * HttpURLConnection and HttpClient each load hundreds of classes more, which costs start time and memory here.
 */
final class HttpConnection implements AutoCloseable {

    /** A response; header names are lower case. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_BODY = 8 * 1024 * 1024;
    private static final int MAX_LINE = 16 * 1024;

    private final String host;
    private final int port;
    private final boolean tls;
    private final SSLSocketFactory tlsFactory;
    private final String hostHeader;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    HttpConnection(String host, int port, boolean tls) {
        this(host, port, tls, null);
    }

    /** With {@code tlsFactory} null, TLS uses the runtime's default trust store (loaded on first use only). */
    HttpConnection(String host, int port, boolean tls, SSLSocketFactory tlsFactory) {
        this.host = host;
        this.port = port;
        this.tls = tls;
        this.tlsFactory = tlsFactory;
        this.hostHeader = port == (tls ? 443 : 80) ? host : host + ':' + port;
    }

    /** The value this client sends as {@code Host} (needed by the request signer). */
    String hostHeader() {
        return hostHeader;
    }

    /**
     * Sends one request and reads the whole response. {@code timeoutMs} bounds connecting and each read
     * (0 = wait forever, for the Extensions API's long poll). A kept-alive socket the server closed in the
     * meantime is replaced once, before any response byte was read.
     */
    synchronized Response send(String method, String path, Map<String, String> headers, byte[] body, int timeoutMs)
            throws IOException {
        return send(method, path, headers, body, timeoutMs, null);
    }

    /** As {@link #send(String, String, Map, byte[], int)}, running {@code afterWrite} once the request is out. */
    synchronized Response send(String method, String path, Map<String, String> headers, byte[] body, int timeoutMs,
                               Runnable afterWrite) throws IOException {
        byte[] head = head(method, path, headers, body);
        boolean reused = socket != null;
        try {
            return exchange(head, body, timeoutMs, afterWrite);
        } catch (StaleConnectionException e) {
            close();
            if (!reused) {
                throw new IOException("connection closed before a response", e);
            }
            return exchange(head, body, timeoutMs, afterWrite);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private Response exchange(byte[] head, byte[] body, int timeoutMs, Runnable afterWrite) throws IOException {
        if (socket == null) {
            connect(timeoutMs);
        }
        socket.setSoTimeout(timeoutMs);
        try {
            out.write(head);
            if (body != null) {
                out.write(body);
            }
            out.flush();
        } catch (IOException e) {
            throw new StaleConnectionException(e);
        }
        if (afterWrite != null) {
            afterWrite.run();
        }
        String statusLine = readLine(true);
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new TreeMap<>();
        for (String line = readLine(false); !line.isEmpty(); line = readLine(false)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        byte[] responseBody = readBody(headers, status);
        String connection = headers.get("connection");
        if (statusLine.startsWith("HTTP/1.0") || (connection != null && connection.equalsIgnoreCase("close"))) {
            close();
        }
        return new Response(status, headers, responseBody);
    }

    private void connect(int timeoutMs) throws IOException {
        // No proxy: skips the proxy selector's lookups (tens of ms at start) for a direct connection anyway.
        Socket s = new Socket(Proxy.NO_PROXY);
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), timeoutMs);
            if (tls) {
                SSLSocketFactory factory = tlsFactory != null ? tlsFactory
                        : (SSLSocketFactory) SSLSocketFactory.getDefault();
                SSLSocket ssl = (SSLSocket) factory.createSocket(s, host, port, true);
                SSLParameters params = ssl.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                params.setServerNames(java.util.List.of(new SNIHostName(host)));
                ssl.setSSLParameters(params);
                ssl.setSoTimeout(timeoutMs);
                ssl.startHandshake();
                s = ssl;
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 8192);
        out = s.getOutputStream();
    }

    private byte[] head(String method, String path, Map<String, String> headers, byte[] body) {
        StringBuilder sb = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] readBody(Map<String, String> headers, int status) throws IOException {
        if (status == 204 || status == 304 || (status >= 100 && status < 200)) {
            return new byte[0];
        }
        String encoding = headers.get("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine(false);
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).trim(), 16);
                if (size == 0) {
                    while (!readLine(false).isEmpty()) {
                        // Trailers are not used.
                    }
                    return body.toByteArray();
                }
                if (body.size() + size > MAX_BODY) {
                    throw new IOException("response body too large");
                }
                body.write(readExactly(size));
                readLine(false);
            }
        }
        String length = headers.get("content-length");
        if (length != null) {
            int n = Integer.parseInt(length.trim());
            if (n < 0 || n > MAX_BODY) {
                throw new IOException("bad content-length " + n);
            }
            return readExactly(n);
        }
        // No length: the body runs to the end of the connection.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (body.size() + n > MAX_BODY) {
                throw new IOException("response body too large");
            }
            body.write(buf, 0, n);
        }
        close();
        return body.toByteArray();
    }

    private byte[] readExactly(int n) throws IOException {
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

    private String readLine(boolean first) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int c = in.read();
            if (c < 0) {
                if (first && sb.length() == 0) {
                    throw new StaleConnectionException(new EOFException("closed before a response"));
                }
                throw new EOFException("connection closed inside the response head");
            }
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new IOException("response line too long");
            }
            sb.append((char) c);
        }
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // Nothing to do with a socket we are discarding.
            }
            socket = null;
            in = null;
            out = null;
        }
    }

    /** The server closed a kept-alive connection before answering: safe to resend on a fresh one. */
    private static final class StaleConnectionException extends IOException {
        StaleConnectionException(Throwable cause) {
            super(cause);
        }
    }
}
