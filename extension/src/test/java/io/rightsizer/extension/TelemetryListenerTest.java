package io.rightsizer.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The hand-written listener speaks enough HTTP/1.1 for Lambda's deliveries, including chunked ones. */
class TelemetryListenerTest {

    private final List<String> batches = new CopyOnWriteArrayList<>();
    private final Counters counters = new Counters();

    @Test
    void acceptsContentLengthAndChunkedPostsAndAnswers200() throws Exception {
        TelemetryListener listener = TelemetryListener.start("127.0.0.1", 0, batches::add, counters);
        String body = "[{\"type\":\"platform.start\",\"record\":{\"requestId\":\"é\"}}]";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);

        String plain = exchange(listener.port(), "POST /telemetry HTTP/1.1\r\nHost: sandbox.localdomain\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n", bytes);
        // The chunk boundary splits the two bytes of "é".
        int cut = body.indexOf('é') + 1;
        byte[] first = java.util.Arrays.copyOfRange(bytes, 0, cut);
        byte[] second = java.util.Arrays.copyOfRange(bytes, cut, bytes.length);
        String chunked = exchange(listener.port(), "POST /telemetry HTTP/1.1\r\nHost: sandbox.localdomain\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(first.length) + "\r\n",
                concat(first, ("\r\n" + Integer.toHexString(second.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
                        second, "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));

        assertThat(plain).startsWith("HTTP/1.1 200");
        assertThat(chunked).startsWith("HTTP/1.1 200");
        assertThat(batches).containsExactly(body, body);
    }

    @Test
    void refusesOversizedBatchesAndCountsThem() throws Exception {
        TelemetryListener listener = TelemetryListener.start("127.0.0.1", 0, batches::add, counters);

        String response = exchange(listener.port(), "POST /telemetry HTTP/1.1\r\nContent-Length: "
                + (TelemetryListener.MAX_BODY + 1) + "\r\n\r\n", new byte[0]);

        assertThat(response).startsWith("HTTP/1.1 413");
        assertThat(counters.malformed.get()).isEqualTo(1);
        assertThat(batches).isEmpty();
    }

    private static String exchange(int port, String head, byte[] body) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
