package io.rightsizer.cli.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the repository's {@code examples/}: three days of six made-up functions in every log format {@code analyze}
 * reads, from a fixed seed so that the same files come out every time.
 *
 * <p>The functions are chosen to show each decision at the traffic and prices of a real fleet: {@code pdf-renderer},
 * {@code etl-loader} and {@code orders-api} are over-provisioned (DECREASE; the first two cost tens of dollars a
 * month), {@code image-resizer} runs out of memory (INCREASE), {@code billing-sync} is well sized (KEEP) and
 * {@code nightly-report} runs once a day (INSUFFICIENT_DATA). {@code aws-logs-tail/} holds every invocation (gzip);
 * every other format holds the first {@value #SAMPLE_PER_DAY} of each function's day, enough for every decision,
 * and a run over the whole folder counts each invocation once.
 *
 * <p>Run: {@code java -cp cli/target/rightsizer-cli.jar io.rightsizer.cli.examples.ExampleLogGenerator examples}
 */
public final class ExampleLogGenerator {

    /** The seed every run starts from. */
    public static final long SEED = 20261102L;
    /** The first day of the examples (UTC). */
    public static final LocalDate FIRST_DAY = LocalDate.of(2026, 11, 2);
    /** Days of logs per function. */
    public static final int DAYS = 3;
    /** Invocations per function and day in every format but {@code aws-logs-tail/}, which holds them all. */
    public static final int SAMPLE_PER_DAY = 40;

    private static final String ACCOUNT = "123456789012";
    private static final DateTimeFormatter STREAM_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd", Locale.ROOT);
    private static final DateTimeFormatter TAIL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** How one made-up function behaves. */
    record Profile(String name, int memorySizeMb, int invocationsPerDay, int usedLowMb, int usedHighMb,
                   double oomShare, int durationLowMs, int durationHighMs) {
    }

    /** One generated invocation, with everything its REPORT carries. */
    record Invocation(String function, Instant time, String requestId, String logStream, String status,
                      String errorType, double durationMs, long billedDurationMs, int memorySizeMb,
                      int maxMemoryUsedMb, Double initDurationMs) {

        boolean success() {
            return "success".equals(status);
        }
    }

    static final List<Profile> PROFILES = List.of(
            new Profile("orders-api", 1024, 1500, 150, 240, 0, 60, 900),
            new Profile("pdf-renderer", 3008, 1500, 820, 1010, 0, 8_000, 30_000),
            new Profile("etl-loader", 2048, 800, 300, 420, 0, 20_000, 60_000),
            new Profile("image-resizer", 512, 1000, 360, 470, 0.03, 1000, 4000),
            new Profile("billing-sync", 192, 500, 128, 150, 0, 300, 900),
            new Profile("nightly-report", 2048, 1, 700, 900, 0, 20_000, 40_000));

    private final Random random = new Random(SEED);

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ExampleLogGenerator OUTPUT_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Map<String, byte[]> files = new ExampleLogGenerator().generate();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.write(target, file.getValue());
        }
        System.out.println("wrote " + files.size() + " files under " + dir);
    }

    /** Every example file by its path relative to {@code examples/}, in a fixed order. */
    public Map<String, byte[]> generate() {
        Map<String, List<Invocation>> byFunction = new LinkedHashMap<>();
        for (Profile p : PROFILES) {
            byFunction.put(p.name(), invocations(p));
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        byFunction.forEach((function, every) -> {
            files.put("aws-logs-tail/" + function + ".log.gz", gzip(awsLogsTail(every)));
            List<Invocation> calls = sample(every);
            files.put("report-lines/" + function + ".log", utf8(reportLines(calls)));
            files.put("console-copy/" + function + ".txt", utf8(consoleCopy(calls)));
            files.put("telemetry-api/" + function + ".json", utf8(telemetryArray(calls)));
            files.put("json-lines/" + function + ".jsonl", utf8(jsonLines(calls)));
            files.put("json-log-format/" + function + ".log", utf8(jsonLogFormat(calls)));
            files.put("get-log-events/" + function + ".get-log-events.json", utf8(getLogEvents(calls)));
            files.put("filter-log-events/" + function + ".filter-log-events.json", utf8(filterLogEvents(calls)));
        });
        // Subscription payloads name their log group, so their files need no function name.
        int batch = 1;
        for (List<Invocation> every : byFunction.values()) {
            files.put("subscription/payload-" + batch++ + ".json.gz", gzip(subscriptionPayload(sample(every))));
        }
        return files;
    }

    /** The first {@value #SAMPLE_PER_DAY} invocations of each day, in order. */
    static List<Invocation> sample(List<Invocation> every) {
        Map<Long, Integer> perDay = new HashMap<>();
        List<Invocation> out = new ArrayList<>();
        for (Invocation c : every) {
            long day = Math.floorDiv(c.time().getEpochSecond(), 86_400L);
            if (perDay.merge(day, 1, Integer::sum) <= SAMPLE_PER_DAY) {
                out.add(c);
            }
        }
        return out;
    }

    private List<Invocation> invocations(Profile p) {
        List<Invocation> out = new ArrayList<>();
        for (int d = 0; d < DAYS; d++) {
            Instant dayStart = FIRST_DAY.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant();
            String stream = null;
            long secondOfDay = p.invocationsPerDay() == 1 ? 2 * 3600 + random.nextInt(600) : random.nextInt(900);
            long step = 86_000L / Math.max(1, p.invocationsPerDay());
            for (int i = 0; i < p.invocationsPerDay(); i++) {
                Instant time = dayStart.plusSeconds(secondOfDay).plusMillis(random.nextInt(1000));
                secondOfDay += step / 2 + random.nextInt((int) step);
                secondOfDay = Math.min(secondOfDay, 86_399);
                boolean cold = stream == null || random.nextInt(12) == 0;
                if (cold) {
                    stream = logStream(time);
                }
                double duration = p.durationLowMs() + random.nextDouble() * (p.durationHighMs() - p.durationLowMs());
                duration = Math.round(duration * 100) / 100.0;
                int used = p.usedLowMb() + random.nextInt(p.usedHighMb() - p.usedLowMb() + 1);
                String status = "success";
                String errorType = null;
                if (p.oomShare() > 0 && random.nextDouble() < p.oomShare()) {
                    status = "error";
                    errorType = "Runtime.OutOfMemory";
                    used = p.memorySizeMb();
                } else if (random.nextInt(60) == 0) {
                    status = "error";
                    errorType = "Runtime.ExitError";
                }
                Double init = cold ? Math.round((300 + random.nextDouble() * 500) * 100) / 100.0 : null;
                out.add(new Invocation(p.name(), time, uuid(), stream, status, errorType, duration,
                        (long) Math.ceil(duration), p.memorySizeMb(), used, init));
            }
        }
        return out;
    }

    private String logStream(Instant time) {
        return STREAM_DAY.format(time.atZone(ZoneOffset.UTC)) + "/[$LATEST]" + hex(32);
    }

    private String uuid() {
        String h = hex(32);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
                + "-" + h.substring(20);
    }

    private String hex(int digits) {
        StringBuilder out = new StringBuilder(digits);
        for (int i = 0; i < digits; i++) {
            out.append(Character.forDigit(random.nextInt(16), 16));
        }
        return out.toString();
    }

    // ---- text formats ------------------------------------------------------------------------------------------

    /** The REPORT line as Lambda writes it to CloudWatch Logs: tab-separated, with a trailing tab. */
    static String reportLine(Invocation c) {
        StringBuilder out = new StringBuilder("REPORT RequestId: ").append(c.requestId())
                .append("\tDuration: ").append(num(c.durationMs())).append(" ms")
                .append("\tBilled Duration: ").append(c.billedDurationMs()).append(" ms")
                .append("\tMemory Size: ").append(c.memorySizeMb()).append(" MB")
                .append("\tMax Memory Used: ").append(c.maxMemoryUsedMb()).append(" MB");
        if (c.initDurationMs() != null) {
            out.append("\tInit Duration: ").append(num(c.initDurationMs())).append(" ms");
        }
        if (!c.success()) {
            out.append("\tStatus: ").append(c.status());
            if (c.errorType() != null) {
                out.append("\tError Type: ").append(c.errorType());
            }
        }
        return out.append('\t').toString();
    }

    private static String startLine(Invocation c) {
        return "START RequestId: " + c.requestId() + " Version: $LATEST";
    }

    private static String endLine(Invocation c) {
        return "END RequestId: " + c.requestId();
    }

    private static String appLine(Invocation c) {
        return Instant.ofEpochMilli(c.time().toEpochMilli() + 3) + "\t" + c.requestId() + "\tINFO\thandled request";
    }

    /** {@code aws logs tail}: time with microseconds and offset, the log stream, then the message. */
    private static String awsLogsTail(List<Invocation> calls) {
        StringBuilder out = new StringBuilder();
        for (Invocation c : calls) {
            String prefix = TAIL_TIME.format(c.time()) + " " + c.logStream() + " ";
            out.append(prefix).append(startLine(c)).append('\n');
            if (c.initDurationMs() != null) {
                out.append(prefix).append(appLine(c)).append('\n');
            }
            out.append(prefix).append(endLine(c)).append('\n');
            out.append(prefix).append(reportLine(c)).append('\n');
        }
        return out.toString();
    }

    /** Bare REPORT lines with their START and END, no time: they fold into the undated bucket. */
    private static String reportLines(List<Invocation> calls) {
        StringBuilder out = new StringBuilder();
        for (Invocation c : calls) {
            out.append(startLine(c)).append('\n').append(endLine(c)).append('\n').append(reportLine(c)).append('\n');
        }
        return out.toString();
    }

    /** A copy out of the CloudWatch console: time, a tab, the message, with long REPORT lines wrapped. */
    private static String consoleCopy(List<Invocation> calls) {
        StringBuilder out = new StringBuilder("timestamp\tmessage\n");
        for (Invocation c : calls) {
            String time = c.time().toString();
            out.append(time).append('\t').append(startLine(c)).append('\n');
            out.append(time).append('\t').append(endLine(c)).append('\n');
            String report = reportLine(c);
            int cut = report.indexOf("Max Memory Used:");
            out.append(time).append('\t').append(report, 0, cut).append('\n');
            out.append(report.substring(cut)).append('\n');
        }
        return out.toString();
    }

    // ---- JSON formats ------------------------------------------------------------------------------------------

    /** A Telemetry API {@code platform.report} event. */
    static String telemetryReport(Invocation c) {
        StringBuilder metrics = new StringBuilder()
                .append("\"durationMs\":").append(num(c.durationMs()))
                .append(",\"billedDurationMs\":").append(c.billedDurationMs())
                .append(",\"memorySizeMB\":").append(c.memorySizeMb())
                .append(",\"maxMemoryUsedMB\":").append(c.maxMemoryUsedMb());
        if (c.initDurationMs() != null) {
            metrics.append(",\"initDurationMs\":").append(num(c.initDurationMs()));
        }
        return "{\"time\":\"" + c.time() + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\""
                + c.requestId() + "\",\"status\":\"" + c.status() + "\""
                + (c.errorType() == null ? "" : ",\"errorType\":\"" + c.errorType() + "\"")
                + ",\"metrics\":{" + metrics + "}}}";
    }

    private static String telemetryStart(Invocation c) {
        return "{\"time\":\"" + c.time() + "\",\"type\":\"platform.start\",\"record\":{\"requestId\":\""
                + c.requestId() + "\",\"version\":\"$LATEST\"}}";
    }

    private static String telemetryRuntimeDone(Invocation c) {
        return "{\"time\":\"" + c.time() + "\",\"type\":\"platform.runtimeDone\",\"record\":{\"requestId\":\""
                + c.requestId() + "\",\"status\":\"" + c.status() + "\"}}";
    }

    /** What the Telemetry API posts to an extension: a JSON array of events. */
    private static String telemetryArray(List<Invocation> calls) {
        List<String> events = new ArrayList<>();
        for (Invocation c : calls) {
            events.add(telemetryStart(c));
            if (!c.success()) {
                events.add(telemetryRuntimeDone(c));
            }
            events.add(telemetryReport(c));
        }
        return "[\n" + String.join(",\n", events) + "\n]\n";
    }

    /** One Telemetry API event per line. */
    private static String jsonLines(List<Invocation> calls) {
        StringBuilder out = new StringBuilder();
        for (Invocation c : calls) {
            out.append(telemetryStart(c)).append('\n').append(telemetryReport(c)).append('\n');
        }
        return out.toString();
    }

    /** A function with {@code LogFormat=JSON}, tailed: system events and application logs are JSON objects. */
    private static String jsonLogFormat(List<Invocation> calls) {
        StringBuilder out = new StringBuilder();
        for (Invocation c : calls) {
            String prefix = TAIL_TIME.format(c.time()) + " " + c.logStream() + " ";
            out.append(prefix).append("{\"timestamp\":\"").append(c.time()).append("\",\"level\":\"INFO\",")
                    .append("\"message\":\"handled request\",\"requestId\":\"").append(c.requestId())
                    .append("\"}\n");
            out.append(prefix).append(telemetryReport(c)).append('\n');
        }
        return out.toString();
    }

    /** {@code aws logs get-log-events} output: one stream's events, each message ending in a newline. */
    private static String getLogEvents(List<Invocation> calls) {
        return logEventsDocument(calls, c -> "", "\"nextForwardToken\": \"f/3" + "0".repeat(55) + "\",\n"
                + "  \"nextBackwardToken\": \"b/3" + "0".repeat(55) + "\"");
    }

    /** {@code aws logs filter-log-events} output: events of several streams, each with its stream and id. */
    private static String filterLogEvents(List<Invocation> calls) {
        return logEventsDocument(calls, c -> "\"logStreamName\": \"" + c.logStream() + "\", ",
                "\"searchedLogStreams\": []");
    }

    private static String logEventsDocument(List<Invocation> calls, Function<Invocation, String> extra,
                                            String trailer) {
        List<String> events = new ArrayList<>();
        long id = 0;
        for (Invocation c : calls) {
            long ms = c.time().toEpochMilli();
            for (String message : List.of(reportLine(c))) {
                String event = "    {" + extra.apply(c) + "\"timestamp\": " + ms + ", \"message\": \""
                        + jsonEscape(message + "\n") + "\", \"ingestionTime\": " + (ms + 412)
                        + (extra.apply(c).isEmpty() ? "" : ", \"eventId\": \"" + eventId(ms, id++) + "\"") + "}";
                events.add(event);
            }
        }
        return "{\n  \"events\": [\n" + String.join(",\n", events) + "\n  ],\n  " + trailer + "\n}\n";
    }

    /** A CloudWatch Logs subscription payload (before gzip): one log group's events. */
    private static String subscriptionPayload(List<Invocation> calls) {
        Invocation first = calls.get(0);
        List<String> events = new ArrayList<>();
        long id = 0;
        for (Invocation c : calls) {
            long ms = c.time().toEpochMilli();
            events.add("{\"id\":\"" + eventId(ms, id++) + "\",\"timestamp\":" + ms + ",\"message\":\""
                    + jsonEscape(reportLine(c) + "\n") + "\"}");
        }
        return "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"" + ACCOUNT + "\",\"logGroup\":\"/aws/lambda/"
                + first.function() + "\",\"logStream\":\"" + jsonEscape(first.logStream())
                + "\",\"subscriptionFilters\":[\"rightsizer\"],\"logEvents\":[" + String.join(",", events) + "]}";
    }

    private static String eventId(long ms, long n) {
        return String.format(Locale.ROOT, "%d%032d", ms, n);
    }

    private static String jsonEscape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gzip(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(utf8(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
