package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large input is cut into segments parsed on several threads: every fixture, cut into tiny segments, must read
 * exactly as in one pass — the same records in the same order, the same counts, the same malformed lines.
 */
class ParallelReadingTest {

    static Stream<String> fixtures() {
        Stream<String> shapes = ExportShapesTest.shapes().stream().map(s -> "shapes/" + s.file());
        Stream<String> parse = Stream.of("text/plain.log", "text/aws-logs-tail.log", "text/sam-logs.log",
                "text/console-copy.log", "text/wrapped.log", "text/snapstart.log", "text/failures.log",
                "text/messy-garbage.log", "json/telemetry.jsonl", "json/cloudwatch-json-format.log",
                "json/telemetry-batch.json", "cli/get-log-events.json").map(f -> "parse/" + f);
        return Stream.concat(shapes, parse);
    }

    private static byte[] fixture(String path) {
        return path.startsWith("shapes/") ? ParseFixtures.shape(path.substring(7))
                : ParseFixtures.bytes(path.substring(6));
    }

    private record Reading(List<InvocationUsage> usages, ParseStats stats) {
    }

    private static Reading read(UsageParser parser, byte[] input) throws IOException {
        List<InvocationUsage> out = new ArrayList<>();
        ParseStats stats = parser.parse(new ByteArrayInputStream(input), new ParseOptions("fn"), out::add);
        return new Reading(out, stats);
    }

    private static void assertSameReading(Reading parallel, Reading oneThread) {
        assertThat(parallel.usages()).isEqualTo(oneThread.usages());
        assertThat(parallel.stats().skipped()).isEqualTo(oneThread.stats().skipped());
        assertThat(parallel.stats().malformedSamples()).isEqualTo(oneThread.stats().malformedSamples());
        assertThat(parallel.stats().lines()).isEqualTo(oneThread.stats().lines());
        assertThat(parallel.stats().reports()).isEqualTo(oneThread.stats().reports());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureCutIntoTinySegmentsReadsAsInOnePass(String path) throws IOException {
        byte[] input = fixture(path);

        Reading oneThread = read(new UsageParser(1), input);
        Reading parallel = read(new UsageParser(3, 97, 1 << 20), input);

        assertSameReading(parallel, oneThread);
    }

    @Test
    void allFixturesConcatenatedReadAsInOnePassOnSeveralThreads() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        fixtures().filter(f -> !f.endsWith(".json")).forEach(f -> {
            all.writeBytes(fixture(f));
            all.write('\n');
        });
        byte[] input = all.toByteArray();

        Reading oneThread = read(new UsageParser(1), input);
        Reading parallel = read(new UsageParser(4, 512, 1 << 20), input);

        assertThat(oneThread.usages()).hasSizeGreaterThan(40);
        assertSameReading(parallel, oneThread);
    }

    @Test
    void recordsOfAnInputWithNowhereToCutReachTheSinkWhileTheInputIsStillRead() throws IOException {
        String line = "{\"time\":\"2026-11-02T12:00:00Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":"
                + "\"6a1d3e2f-0000-4000-8000-%012d\",\"metrics\":{\"durationMs\":1,\"billedDurationMs\":1,"
                + "\"memorySizeMB\":128,\"maxMemoryUsedMB\":70}}}\n";
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append(String.format(line, i));
        }
        byte[] input = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long[] readWhenFirstArrived = {-1};
        long[] read = {0};
        java.io.InputStream counting = new java.io.FilterInputStream(new ByteArrayInputStream(input)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, Math.min(len, 4096));
                read[0] += Math.max(0, n);
                return n;
            }
        };

        long[] seen = {0};
        new UsageParser(2, 4096, 16384).parse(counting, new ParseOptions("fn"), u -> {
            if (seen[0]++ == 0) {
                readWhenFirstArrived[0] = read[0];
            }
        });

        assertThat(seen[0]).isEqualTo(20_000);
        assertThat(readWhenFirstArrived[0]).as("streamed, not gathered").isLessThan(input.length / 4);
    }

    @Test
    void anInputWithNowhereToCutIsReadOnTheCallingThreadFromWhereTheCutsEnded() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            text.append("REPORT RequestId: 5f0c2d1e-0000-4000-8000-").append(String.format("%012d", i))
                    .append("\tDuration: 1.00 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: ")
                    .append(60 + i % 7).append(" MB\t\n");
        }
        // JSON lines offer no place to cut (a line may be an array's next element): they go on one thread.
        for (int i = 0; i < 200; i++) {
            text.append("{\"time\":\"2026-11-02T12:00:00Z\",\"type\":\"platform.report\",\"record\":{\"requestId\":")
                    .append("\"6a1d3e2f-0000-4000-8000-").append(String.format("%012d", i)).append("\",\"metrics\":")
                    .append("{\"durationMs\":1,\"billedDurationMs\":1,\"memorySizeMB\":128,\"maxMemoryUsedMB\":70}}}\n");
        }
        byte[] input = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        Reading oneThread = read(new UsageParser(1), input);
        Reading parallel = read(new UsageParser(2, 256, 2048), input);

        assertThat(oneThread.usages()).hasSize(400);
        assertSameReading(parallel, oneThread);
    }
}
