package io.rightsizer.cli.scan;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The least-privilege IAM policy {@code scan} needs: what {@code --print-policy} prints and the README shows. */
final class ScanPolicy {

    private ScanPolicy() {
    }

    /** The policy document, JSON. */
    static String document() {
        try (InputStream in = ScanPolicy.class.getResourceAsStream("scan-policy.json")) {
            if (in == null) {
                throw new IllegalStateException("scan-policy.json is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
