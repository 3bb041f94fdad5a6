package io.rightsizer.bench.parse;

import io.rightsizer.domain.fold.DailyFold;
import io.rightsizer.logs.ParseOptions;
import io.rightsizer.logs.ParseStats;
import io.rightsizer.logs.UsageParser;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Measures parse + fold throughput of {@link UsageParser} into {@link DailyFold}, single-threaded (per core), on
 * deterministic synthetic inputs written to a directory first, so that reading is from the page cache.
 *
 * <p>Arguments: {@code <dir> <reportLines> <jsonEvents> <runs>}.
 */
public final class ParseBench {

    private static final long SEED = 20261102L;
    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    private static final int[] SIZES = {128, 256, 512, 1024, 1769, 3008};

    private ParseBench() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        int reportLines = Integer.parseInt(args[1]);
        int jsonEvents = Integer.parseInt(args[2]);
        int runs = Integer.parseInt(args[3]);
        Files.createDirectories(dir);

        Path plain = dir.resolve("report-plain.log");
        Path tail = dir.resolve("report-aws-logs-tail.log");
        Path jsonl = dir.resolve("platform-report.jsonl");
        Path array = dir.resolve("platform-report-array.json");
        writeReports(plain, reportLines, false);
        writeReports(tail, reportLines, true);
        writeJson(jsonl, jsonEvents, false);
        writeJson(array, jsonEvents, true);

        System.out.printf(Locale.ROOT, "java %s, %d available processors, max heap %d MB%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        measure("REPORT text, plain lines", plain, reportLines, runs);
        measure("REPORT text, aws logs tail prefixes", tail, reportLines, runs);
        measure("JSON lines, platform.report", jsonl, jsonEvents, runs);
        measure("JSON array, platform.report", array, jsonEvents, runs);
    }

    private static void measure(String name, Path file, long expected, int runs) throws IOException {
        UsageParser parser = new UsageParser();
        ParseOptions options = new ParseOptions("bench-fn");
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // Two unmeasured runs let the JIT compile the hot path first.
        double[] wallRates = new double[runs];
        double[] cpuRates = new double[runs];
        for (int run = -2; run < runs; run++) {
            DailyFold fold = new DailyFold();
            long cpu0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            ParseStats stats;
            try (InputStream in = Files.newInputStream(file)) {
                stats = parser.parse(in, options, fold::add);
            }
            long nanos = System.nanoTime() - t0;
            long cpuNanos = os.getProcessCpuTime() - cpu0;
            if (stats.reports() != expected || fold.reports() != expected) {
                throw new IllegalStateException(name + ": expected " + expected + " reports, got " + stats);
            }
            if (run >= 0) {
                wallRates[run] = expected / (nanos / 1e9);
                cpuRates[run] = expected / (cpuNanos / 1e9);
            }
        }
        System.out.printf(Locale.ROOT, "%-38s %,10d records %7.1f MB | wall: median %,10.0f/s (min %,.0f, max %,.0f)"
                        + " | per CPU-second of the whole JVM: median %,10.0f/s (min %,.0f, max %,.0f) | %d runs%n",
                name, expected, Files.size(file) / 1e6, median(wallRates), min(wallRates), max(wallRates),
                median(cpuRates), min(cpuRates), max(cpuRates), runs);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(0);
    }

    private static void writeReports(Path file, int n, boolean prefixed) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED);
        String stream = "2026/11/02/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9";
        try (Writer out = new OutputStreamWriter(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16),
                StandardCharsets.US_ASCII)) {
            StringBuilder line = new StringBuilder(256);
            for (int i = 0; i < n; i++) {
                line.setLength(0);
                Instant time = START.plusMillis(i * 600L + random.nextInt(500)); // 14 days at 1M lines
                int size = SIZES[random.nextInt(SIZES.length)];
                int used = 60 + random.nextInt(Math.max(1, size - 60));
                double duration = 1 + random.nextInt(300_000) / 100.0;
                if (prefixed) {
                    line.append(time).append(' ').append(stream).append(' ');
                }
                line.append("REPORT RequestId: ").append(uuid(random)).append('\t')
                        .append("Duration: ").append(String.format(Locale.ROOT, "%.2f", duration)).append(" ms\t")
                        .append("Billed Duration: ").append((long) Math.ceil(duration)).append(" ms\t")
                        .append("Memory Size: ").append(size).append(" MB\t")
                        .append("Max Memory Used: ").append(used).append(" MB\t");
                if (random.nextInt(20) == 0) {
                    line.append("Init Duration: ").append(String.format(Locale.ROOT, "%.2f",
                            100 + random.nextInt(100_000) / 100.0)).append(" ms\t");
                }
                if (random.nextInt(10) == 0) {
                    line.append("XRAY TraceId: 1-6725da14-3c1f6a0e2b8d4f7a9c0e1b2d\tSegmentId: 4a7c1e9b0d2f3a6c\t"
                            + "Sampled: true\t");
                }
                out.append(line).append('\n');
            }
        }
    }

    private static void writeJson(Path file, int n, boolean array) throws IOException {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
             Writer out = new OutputStreamWriter(raw, StandardCharsets.UTF_8)) {
            if (array) {
                out.append("[\n");
            }
            for (int i = 0; i < n; i++) {
                Instant time = START.plusMillis(i * 1200L + random.nextInt(1000));
                int size = SIZES[random.nextInt(SIZES.length)];
                int used = 60 + random.nextInt(Math.max(1, size - 60));
                double duration = 1 + random.nextInt(300_000) / 100.0;
                String id = uuid(random);
                out.append("{\"time\":\"").append(time.toString()).append("\",\"type\":\"platform.report\",")
                        .append("\"record\":{\"requestId\":\"").append(id).append("\",\"status\":\"success\",")
                        .append("\"metrics\":{\"durationMs\":").append(String.format(Locale.ROOT, "%.2f", duration))
                        .append(",\"billedDurationMs\":").append(Long.toString((long) Math.ceil(duration)))
                        .append(",\"memorySizeMB\":").append(Integer.toString(size))
                        .append(",\"maxMemoryUsedMB\":").append(Integer.toString(used)).append("},")
                        .append("\"tracing\":{\"spanId\":\"19c2f0a3b4d5e6f7\",\"type\":\"X-Amzn-Trace-Id\",")
                        .append("\"value\":\"Root=1-6726148c-0f1e2d3c4b5a69788796a5b4;Parent=19c2f0a3b4d5e6f7;Sampled=1\"},")
                        .append("\"spans\":[{\"name\":\"responseLatency\",\"start\":\"").append(time.toString())
                        .append("\",\"durationMs\":").append(String.format(Locale.ROOT, "%.1f", duration / 2))
                        .append("}]}}");
                if (array && i < n - 1) {
                    out.append(',');
                }
                out.append('\n');
            }
            if (array) {
                out.append("]\n");
            }
        }
    }

    private static String uuid(SplittableRandom random) {
        return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
                (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }
}
