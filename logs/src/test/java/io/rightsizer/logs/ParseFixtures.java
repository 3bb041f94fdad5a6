package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Reads the parser fixtures under {@code src/test/resources/parse} and runs them through {@link UsageParser}. */
final class ParseFixtures {

    private ParseFixtures() {
    }

    /** What one parse produced. */
    record Parsed(List<InvocationUsage> usages, ParseStats stats) {
        InvocationUsage only() {
            if (usages.size() != 1) {
                throw new AssertionError("expected one usage record, got " + usages);
            }
            return usages.get(0);
        }

        InvocationUsage byRequestId(String requestId) {
            return usages.stream().filter(u -> requestId.equals(u.requestId())).findFirst()
                    .orElseThrow(() -> new AssertionError("no usage for " + requestId + " in " + usages));
        }
    }

    static byte[] bytes(String resource) {
        try (InputStream in = ParseFixtures.class.getResourceAsStream("/parse/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing fixture " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture of {@code src/test/resources/shapes}. */
    static byte[] shape(String file) {
        try (InputStream in = ParseFixtures.class.getResourceAsStream("/shapes/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("missing shape fixture " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Parsed parseResource(String resource, String defaultFunction) {
        return parse(bytes(resource), defaultFunction);
    }

    static Parsed parseText(String text, String defaultFunction) {
        return parse(text.getBytes(StandardCharsets.UTF_8), defaultFunction);
    }

    static Parsed parse(byte[] input, String defaultFunction) {
        List<InvocationUsage> out = new ArrayList<>();
        try {
            ParseStats stats = new UsageParser().parse(new ByteArrayInputStream(input),
                    new ParseOptions(defaultFunction), out::add);
            return new Parsed(out, stats);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
