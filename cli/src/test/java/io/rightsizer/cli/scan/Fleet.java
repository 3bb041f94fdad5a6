package io.rightsizer.cli.scan;

import io.rightsizer.testing.LocalLambdaListing;
import io.rightsizer.testing.insights.LocalLogsInsights;
import io.rightsizer.testing.insights.LocalLogsInsights.Event;
import io.rightsizer.testing.insights.ReportLines;
import io.rightsizer.testing.insights.ReportLines.Report;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded fleet of 50 functions with two weeks of traffic, loaded into the local ListFunctions and Logs Insights
 * endpoints, and the same events of the window exported as {@code aws logs tail} files for {@code analyze}: default,
 * custom and shared log groups, text and JSON log formats, both architectures, failures, timeouts, out-of-memory
 * invocations, a memory change in the window, quiet functions, a deleted function whose log group stayed, a function
 * never invoked, events before the window and today's (which neither side reads).
 */
final class Fleet {

    /** "Now" for the scan: the window is 2026-11-01 .. 2026-11-14. */
    static final Instant NOW = Instant.parse("2026-11-15T08:00:00Z");
    static final LocalDate FIRST_DAY = LocalDate.parse("2026-11-01");
    static final LocalDate LAST_DAY = LocalDate.parse("2026-11-14");
    static final int SIZE = 50;
    static final String DELETED = "svc-49";
    static final String NEVER_INVOKED = "svc-48";
    static final String SHARED_JSON_GROUP = "/teams/payments";
    static final String SHARED_TEXT_GROUP = "/teams/checkout";
    private static final int[] SIZES = {128, 256, 512, 1024, 1536, 2048, 3008};
    private static final DateTimeFormatter TAIL_TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'000+00:00'").withZone(ZoneOffset.UTC);

    /** One function of the fleet as seeded. */
    record Member(String name, int memoryMb, String architecture, boolean json, String customGroup, boolean legacy) {

        String logGroup() {
            return customGroup != null ? customGroup : "/aws/lambda/" + name;
        }

        String stream(Instant day, int environment) {
            String id = Integer.toHexString((name + environment).hashCode()) + "0a1b2c3d";
            return customGroup != null ? ReportLines.customStream(day, name, id) : ReportLines.defaultStream(day, id);
        }
    }

    private final List<Member> members = new ArrayList<>();
    /** Per function, the lines of the window in time order, as {@code aws logs tail} prints them. */
    private final Map<String, List<String>> exported = new LinkedHashMap<>();

    private Fleet() {
    }

    /** Seeds the fleet into the two endpoints. */
    static Fleet seed(LocalLambdaListing lambda, LocalLogsInsights logs) {
        Fleet fleet = new Fleet();
        Random random = new Random(18);
        for (int i = 0; i < SIZE; i++) {
            String name = String.format("svc-%02d", i);
            boolean json = i < 12;
            String custom = i < 4 ? SHARED_JSON_GROUP : i >= 12 && i < 18 ? SHARED_TEXT_GROUP
                    : i == 18 || i == 19 ? "/custom/" + name : null;
            boolean legacy = i >= 20 && i <= 22;
            int memory = i == 30 ? 512 : SIZES[random.nextInt(SIZES.length)];
            Member m = new Member(name, memory, i % 3 == 0 ? "arm64" : "x86_64", json, custom, legacy);
            fleet.members.add(m);
            if (!name.equals(DELETED)) {
                lambda.add(new LocalLambdaListing.Function(name, memory, m.architecture(),
                        legacy ? null : json ? "JSON" : "Text", custom));
            }
            if (!name.equals(NEVER_INVOKED)) {
                fleet.traffic(m, i, random, logs);
            }
        }
        return fleet;
    }

    List<Member> members() {
        return members;
    }

    Member member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    /** Writes each function's window, in {@code aws logs tail} form, to {@code <dir>/<arch>/<function>.log}. */
    void export(Path dir) {
        try {
            for (Member m : members) {
                List<String> lines = exported.get(m.name());
                if (lines == null || m.name().equals(DELETED)) {
                    continue;
                }
                Path file = dir.resolve(m.architecture()).resolve(m.name() + ".log");
                Files.createDirectories(file.getParent());
                Files.write(file, lines, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void traffic(Member m, int i, Random random, LocalLogsInsights logs) {
        logs.createLogGroup(m.logGroup(), 30, NOW.minusSeconds(86_400L * 200));
        // A day before the window and today: read by neither side.
        for (LocalDate day = FIRST_DAY.minusDays(2); !day.isAfter(LAST_DAY.plusDays(1)); day = day.plusDays(1)) {
            boolean quiet = i % 10 == 7;
            boolean fewDays = i == 25;
            if (fewDays && day.isBefore(LAST_DAY.minusDays(1)) || i % 11 == 5 && day.getDayOfMonth() % 4 == 0) {
                continue;
            }
            int invocations = quiet ? 1 + random.nextInt(3) : 6 + random.nextInt(20);
            int size = i == 30 && day.isBefore(FIRST_DAY.plusDays(7)) ? 1024 : m.memoryMb();
            double share = 0.15 + (i % 9) * 0.09;
            List<Event> events = new ArrayList<>();
            Instant start = day.atTime(0, 5).toInstant(ZoneOffset.UTC);
            int environment = day.getDayOfMonth();
            for (int n = 0; n < invocations; n++) {
                Instant at = start.plusSeconds((long) n * (86_000 / invocations) + random.nextInt(50));
                String requestId = String.format("%08x-%04x-4%03x-8%03x-%012x", i, day.getDayOfMonth(), n,
                        random.nextInt(4096), random.nextLong() & 0xffffffffffffL);
                int used = Math.min(size, (int) (size * share) + random.nextInt(Math.max(8, size / 20)));
                String status = null;
                String errorType = null;
                if (i % 8 == 3 && n == 1) {
                    status = "error";
                    errorType = "Runtime.ExitError";
                } else if (i % 13 == 4 && n == 2) {
                    status = "timeout";
                } else if ((i == 9 || i == 27) && n == 0 && day.getDayOfMonth() % 5 == 0) {
                    status = "error";
                    errorType = "Runtime.OutOfMemory";
                    used = size;
                }
                double duration = 20 + random.nextInt(900) + random.nextInt(100) / 100.0;
                Report r = new Report(requestId, duration, (long) Math.ceil(duration), size, used,
                        n == 0 ? 150 + random.nextInt(400) + 0.5 : null, status, errorType);
                String stream = m.stream(at, environment);
                List<String> messages = m.json()
                        ? List.of(ReportLines.jsonStart(at, requestId),
                        "{\"timestamp\":\"" + at + "\",\"level\":\"INFO\",\"message\":\"handled\",\"requestId\":\""
                                + requestId + "\"}",
                        ReportLines.json(at, r))
                        : List.of(ReportLines.start(requestId), at + "\t" + requestId + "\tINFO\thandled",
                        ReportLines.end(requestId), ReportLines.text(r));
                for (String message : messages) {
                    events.add(new Event(at.toEpochMilli(), message));
                    export(m, day, at, stream, message);
                }
                logs.putEvents(m.logGroup(), stream, events);
                events.clear();
            }
            if (i == 5) {
                // A Lambda Managed Instances report now and then: counted, never sized.
                Instant at = start.plusSeconds(600);
                String message = ReportLines.managedInstancesJson(at, "mi-" + day, 12.5);
                logs.putEvents(m.logGroup(), m.stream(at, 99), List.of(new Event(at.toEpochMilli(), message)));
                export(m, day, at, m.stream(at, 99), message);
            }
        }
    }

    private void export(Member m, LocalDate day, Instant at, String stream, String message) {
        if (!day.isBefore(FIRST_DAY) && !day.isAfter(LAST_DAY)) {
            exported.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(TAIL_TIME.format(at) + " " + stream + " "
                    + message);
        }
    }
}
