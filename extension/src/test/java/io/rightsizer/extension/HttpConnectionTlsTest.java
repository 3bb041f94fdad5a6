package io.rightsizer.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.rightsizer.extension.emulator.TestTls;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kinesis is reached over TLS: the hand-written client must verify the server's name, not just its chain. */
class HttpConnectionTlsTest {

    private static HttpsServer server;
    private static SSLSocketFactory trusting;

    @BeforeAll
    static void startServer() throws Exception {
        TestTls tls = TestTls.create(Path.of(System.getProperty("java.io.tmpdir"), "rightsizer-tls-" + ProcessHandle.current().pid()));
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        server.createContext("/", ex -> {
            byte[] body = ("{\"seen\":\"" + ex.getRequestHeaders().getFirst("Host") + "\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        trusting = tls.clientContext().getSocketFactory();
    }

    @AfterAll
    static void stopServer() {
        server.stop(0);
    }

    @Test
    void talksToATrustedServerWhoseCertificateNamesTheHost() throws IOException {
        int port = server.getAddress().getPort();
        try (HttpConnection connection = new HttpConnection("127.0.0.1", port, true, trusting)) {
            HttpConnection.Response first = connection.send("POST", "/", Map.of(), new byte[] {1, 2}, 5000);
            HttpConnection.Response second = connection.send("POST", "/", Map.of(), new byte[0], 5000);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.text()).isEqualTo("{\"seen\":\"127.0.0.1:" + port + "\"}");
            assertThat(second.status()).as("kept-alive TLS connection reused").isEqualTo(200);
        }
    }

    @Test
    void refusesATrustedCertificateIssuedForAnotherName() {
        // Same server and chain, but reached as "localhost": the certificate only names 127.0.0.1.
        HttpConnection connection = new HttpConnection("localhost", server.getAddress().getPort(), true, trusting);

        assertThatThrownBy(() -> connection.send("POST", "/", Map.of(), new byte[0], 5000))
                .isInstanceOf(SSLHandshakeException.class);
    }
}
