package io.rightsizer.extension.emulator;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Build step: copies from a JDK's CA store only the roots the AWS Kinesis endpoints chain to into the layer's own
 * small PKCS12 trust store, so the extension's JVM loads five certificates instead of ~140.
 */
public final class AwsRootsTrustStore {

    /** Password of the layer's store; it guards nothing (public certificates), PKCS12 just wants one. */
    public static final String PASSWORD = "changeit";
    /** The store's file name inside {@code rightsizer-extension/}. */
    public static final String FILE_NAME = "aws-roots.p12";
    /**
     * Alias in the layer's store → subject of the root. Matched by subject, not alias: JDK vendors name their
     * entries differently (e.g. {@code amazonrootca1} vs {@code debian:amazon_root_ca_1.pem}).
     */
    public static final Map<String, String> ROOTS = roots();

    private AwsRootsTrustStore() {
    }

    private static Map<String, String> roots() {
        Map<String, String> roots = new LinkedHashMap<>();
        roots.put("amazonrootca1", "CN=Amazon Root CA 1,O=Amazon,C=US");
        roots.put("amazonrootca2", "CN=Amazon Root CA 2,O=Amazon,C=US");
        roots.put("amazonrootca3", "CN=Amazon Root CA 3,O=Amazon,C=US");
        roots.put("amazonrootca4", "CN=Amazon Root CA 4,O=Amazon,C=US");
        roots.put("starfieldservicesrootg2ca", "CN=Starfield Services Root Certificate Authority - G2,"
                + "O=Starfield Technologies\\, Inc.,L=Scottsdale,ST=Arizona,C=US");
        return Collections.unmodifiableMap(roots);
    }

    /** Args: the JDK's {@code cacerts} (password {@code changeit}), the store to write. */
    public static void main(String[] args) throws Exception {
        Path source = Path.of(args[0]);
        Path target = Path.of(args[1]);
        KeyStore jdk = KeyStore.getInstance(source.toFile(), PASSWORD.toCharArray());
        Map<String, Certificate> bySubject = new LinkedHashMap<>();
        for (String alias : Collections.list(jdk.aliases())) {
            if (jdk.getCertificate(alias) instanceof X509Certificate cert) {
                bySubject.put(cert.getSubjectX500Principal().getName(), cert);
            }
        }
        KeyStore small = KeyStore.getInstance("PKCS12");
        small.load(null, null);
        for (Map.Entry<String, String> root : ROOTS.entrySet()) {
            Certificate cert = bySubject.get(root.getValue());
            if (cert == null) {
                throw new IllegalStateException(source + " has no root " + root.getValue()
                        + ": the layer's trust store would not reach Kinesis");
            }
            small.setCertificateEntry(root.getKey(), cert);
        }
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
            small.store(out, PASSWORD.toCharArray());
        }
        System.out.println("trust store written: " + target + " " + ROOTS.keySet());
    }
}
