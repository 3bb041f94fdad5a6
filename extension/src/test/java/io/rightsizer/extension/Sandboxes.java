package io.rightsizer.extension;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.testing.lambda.CredentialsIssuer;
import io.rightsizer.extension.emulator.FakeKinesis;
import io.rightsizer.testing.lambda.LambdaRuntimeEmulator;
import io.rightsizer.extension.emulator.Layer;
import io.rightsizer.extension.emulator.TestTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the integration tests share: the test CA, a TLS Kinesis stand-in per test, and the extension's settings. */
final class Sandboxes {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stream every test ships to unless it says otherwise. */
    static final String STREAM = "rightsizer-telemetry";

    private static TestTls tls;

    private Sandboxes() {
    }

    /** One test CA per test JVM. */
    static synchronized TestTls tls() {
        if (tls == null) {
            try {
                tls = TestTls.create(Path.of(System.getProperty("java.io.tmpdir"),
                        "rightsizer-it-tls-" + ProcessHandle.current().pid()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return tls;
    }

    /** A Kinesis stand-in over TLS with the test CA's certificate, checking signatures against {@code issuer}. */
    static FakeKinesis kinesisOverTls(CredentialsIssuer issuer) {
        try {
            return new FakeKinesis(tls().serverContext(), issuer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static FakeKinesis kinesisOverTls() {
        return kinesisOverTls(new CredentialsIssuer());
    }

    /** The function's settings that make the extension ship to {@code kinesis} and trust the test CA. */
    static Map<String, String> shippingTo(FakeKinesis kinesis) {
        Map<String, String> env = new HashMap<>();
        env.put("RIGHTSIZER_STREAM", STREAM);
        env.put("RIGHTSIZER_KINESIS_ENDPOINT", kinesis.endpoint());
        env.putAll(tls().certFileEnvironment());
        return env;
    }

    /** A sandbox for the built layer's extension. */
    static LambdaRuntimeEmulator.Builder sandbox(int memoryMb, Map<String, String> env) {
        return LambdaRuntimeEmulator.sandbox(Layer.launcher()).memoryMb(memoryMb).env(env);
    }

    /** The request ids of every report in the records Kinesis stored, in order (duplicates kept). */
    static List<String> shippedRequestIds(FakeKinesis kinesis) {
        List<String> ids = new ArrayList<>();
        for (FakeKinesis.StoredRecord record : kinesis.stored()) {
            try {
                JSON.readTree(record.data()).path("reports").forEach(r -> ids.add(r.path("requestId").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    /** A test resource as text. */
    static String resource(String name) {
        try (var in = Sandboxes.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
