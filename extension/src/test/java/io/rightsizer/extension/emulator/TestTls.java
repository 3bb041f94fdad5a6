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

/**
 * A throw-away certificate authority and a server certificate it signed for 127.0.0.1 (made with the JDK's keytool),
 * so TLS to a local Kinesis stand-in is verified end to end like TLS to the real endpoint: chain to a root, host
 * name, validity. The extension is told to trust the CA the way a user would, through {@code SSL_CERT_FILE}.
 */
public final class TestTls {

    public static final String PASSWORD = "changeit";
    private final Path serverKeyStore;
    private final Path caPem;

    private TestTls(Path serverKeyStore, Path caPem) {
        this.serverKeyStore = serverKeyStore;
        this.caPem = caPem;
    }

    /** Creates the CA and the server certificate in {@code dir} (replacing earlier ones). */
    public static TestTls create(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        Path server = dir.resolve("server.p12");
        Path csr = dir.resolve("server.csr");
        Path serverPem = dir.resolve("server.pem");
        for (Path p : new Path[] {ca, caPem, server, csr, serverPem}) {
            Files.deleteIfExists(p);
        }
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=Rightsizer Test Root CA", "-ext", "bc:c", "-ext", "ku:c=keyCertSign,cRLSign",
                "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD, "-rfc",
                "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "kinesis", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=kinesis.test", "-validity", "2", "-keystore", server.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "kinesis", "-keystore", server.toString(), "-storepass", PASSWORD,
                "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
                "-infile", csr.toString(), "-outfile", serverPem.toString(), "-rfc", "-validity", "2",
                "-ext", "san=ip:127.0.0.1", "-ext", "ku:c=digitalSignature",
                "-ext", "eku=serverAuth");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                "-keystore", server.toString(), "-storepass", PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "kinesis", "-file", serverPem.toString(),
                "-keystore", server.toString(), "-storepass", PASSWORD);
        return new TestTls(server, caPem);
    }

    /** The CA certificate (PEM), what {@code SSL_CERT_FILE} names. */
    public Path caPem() {
        return caPem;
    }

    /** Go's standard variable for the roots to trust, pointing at the test CA. */
    public Map<String, String> certFileEnvironment() {
        return Map.of("SSL_CERT_FILE", caPem.toString());
    }

    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverKeyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + String.join(" ", command) + "\n" + output);
        }
    }
}
