package io.rightsizer.extension.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away server certificate for 127.0.0.1 (made with the JDK's keytool) and a trust store that holds a base
 * store's CAs (the JDK's, or the layer's own small store) plus that certificate, so TLS can be tested end to end,
 * host-name verification included.
 */
public final class TestTls {

    public static final String PASSWORD = "changeit";
    private final Path serverKeyStore;
    private final Path trustStore;

    private TestTls(Path serverKeyStore, Path trustStore) {
        this.serverKeyStore = serverKeyStore;
        this.trustStore = trustStore;
    }

    public static TestTls create(Path dir) throws IOException, InterruptedException {
        // Start from the JDK's public CAs, as in the extension's runtime image, so loading it costs what it costs.
        return create(dir, Path.of(System.getProperty("java.home"), "lib", "security", "cacerts"));
    }

    /** As {@link #create(Path)}, but the trust store starts from {@code baseStore} (password {@code changeit}). */
    public static TestTls create(Path dir, Path baseStore) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path server = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        Path trust = dir.resolve("truststore.p12");
        Files.deleteIfExists(server);
        Files.deleteIfExists(cert);
        Files.deleteIfExists(trust);
        keytool("-genkeypair", "-alias", "kinesis", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-keystore", server.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "kinesis", "-keystore", server.toString(), "-storepass", PASSWORD,
                "-rfc", "-file", cert.toString());
        Files.copy(baseStore, trust);
        keytool("-importcert", "-noprompt", "-alias", "test-kinesis", "-file", cert.toString(),
                "-keystore", trust.toString(), "-storepass", PASSWORD);
        return new TestTls(server, trust);
    }

    /** Pass to the extension's JVM so it trusts the test server. */
    public String trustStoreJvmOptions() {
        return "-Djavax.net.ssl.trustStore=" + trustStore + " -Djavax.net.ssl.trustStorePassword=" + PASSWORD;
    }

    /** The launcher's override, {@code RIGHTSIZER_TRUSTSTORE}, pointing at this trust store. */
    public Map<String, String> trustStoreEnvironment() {
        return Map.of("RIGHTSIZER_TRUSTSTORE", trustStore.toString());
    }

    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore ks = load(serverKeyStore);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    public SSLContext clientContext() throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(trustStore));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path path) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(path)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
