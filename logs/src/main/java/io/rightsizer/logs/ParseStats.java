package io.rightsizer.logs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one parse saw: the usage reports read and everything skipped, by kind, plus the first few malformed samples.
 *
 * <p>Kind names are stable lower-camel words (the constants below); Telemetry API event types keep their own name
 * ({@code platform.initReport}). Not thread-safe: one instance per parse; {@link #merge} combines them.
 */
public final class ParseStats {

    /** A {@code START RequestId:} line. */
    public static final String START = "start";
    /** An {@code END RequestId:} line. */
    public static final String END = "end";
    /** An {@code INIT_START} line. */
    public static final String INIT_START = "initStart";
    /** An {@code INIT_REPORT} line. */
    public static final String INIT_REPORT = "initReport";
    /** A {@code RESTORE_START} line (SnapStart). */
    public static final String RESTORE_START = "restoreStart";
    /** A {@code RESTORE_REPORT} line (SnapStart). */
    public static final String RESTORE_REPORT = "restoreReport";
    /** An {@code EXTENSION} or {@code TELEMETRY} line Lambda writes about extensions. */
    public static final String EXTENSION_LINE = "extensionLine";
    /** A Telemetry API {@code platform.initStart} event. */
    public static final String PLATFORM_INIT_START = "platform.initStart";
    /** A Telemetry API {@code platform.initRuntimeDone} event. */
    public static final String PLATFORM_INIT_RUNTIME_DONE = "platform.initRuntimeDone";
    /** A Telemetry API {@code platform.initReport} event. */
    public static final String PLATFORM_INIT_REPORT = "platform.initReport";
    /** A Telemetry API {@code platform.start} event. */
    public static final String PLATFORM_START = "platform.start";
    /** A Telemetry API {@code platform.runtimeDone} event. */
    public static final String PLATFORM_RUNTIME_DONE = "platform.runtimeDone";
    /** A Telemetry API {@code platform.restoreStart} event. */
    public static final String PLATFORM_RESTORE_START = "platform.restoreStart";
    /** A Telemetry API {@code platform.restoreRuntimeDone} event. */
    public static final String PLATFORM_RESTORE_RUNTIME_DONE = "platform.restoreRuntimeDone";
    /** A Telemetry API {@code platform.restoreReport} event. */
    public static final String PLATFORM_RESTORE_REPORT = "platform.restoreReport";
    /** A Telemetry API {@code platform.logsDropped} event: the extension lost records. */
    public static final String PLATFORM_LOGS_DROPPED = "platform.logsDropped";
    /** Any other Telemetry API event type (extension states, subscriptions, faults, types newer than this code). */
    public static final String OTHER_EVENT = "otherEvent";
    /** What the function itself wrote (text lines, Telemetry {@code function}/{@code extension} events). */
    public static final String APPLICATION_OUTPUT = "applicationOutput";
    /** A CloudWatch Logs subscription {@code CONTROL_MESSAGE}. */
    public static final String CONTROL_MESSAGE = "controlMessage";
    /** A report without memory figures (Lambda Managed Instances): it cannot size memory. */
    public static final String MANAGED_INSTANCES_REPORT = "managedInstancesReport";
    /** A usage report whose function is unknown (no identity in the record and no default function). */
    public static final String NO_FUNCTION = "noFunction";
    /** Valid JSON of a shape that carries no usage (not an event, payload or log-events output this parser knows). */
    public static final String OTHER_JSON = "otherJson";
    /** Unreadable input: broken REPORT lines, invalid JSON, undecodable payloads. */
    public static final String MALFORMED = "malformed";
    /** A copy of an invocation already read (same request id and figures): the same logs read twice. */
    public static final String DUPLICATE = "duplicate";

    /** How many malformed samples are kept. */
    public static final int MAX_SAMPLES = 5;

    private long reports;
    private long lines;
    private final Map<String, long[]> skipped = new HashMap<>();
    private final List<MalformedSample> samples = new ArrayList<>(MAX_SAMPLES);
    private MalformedSample unreadRest;

    /** The usage reports read and handed to the sink. */
    public long reports() {
        return reports;
    }

    /** Everything skipped, by kind, sorted by kind name. */
    public Map<String, Long> skipped() {
        Map<String, Long> out = new TreeMap<>();
        skipped.forEach((kind, n) -> out.put(kind, n[0]));
        return Collections.unmodifiableMap(out);
    }

    /** How many records of one kind were skipped (0 when none). */
    public long skipped(String kind) {
        long[] n = skipped.get(kind);
        return n == null ? 0 : n[0];
    }

    /** How many records were skipped in all. */
    public long totalSkipped() {
        long total = 0;
        for (long[] n : skipped.values()) {
            total += n[0];
        }
        return total;
    }

    /** Counts one skipped record of {@code kind}. */
    public void count(String kind) {
        count(kind, 1);
    }

    /** Counts {@code n} skipped records of {@code kind}. */
    public void count(String kind, long n) {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("kind must not be blank");
        }
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        skipped.computeIfAbsent(kind, k -> new long[1])[0] += n;
    }

    /** How many lines the input had (a streamed JSON document counts the lines it spans). */
    public long lines() {
        return lines;
    }

    /** Counts {@code n} lines read. */
    public void countLines(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        lines += n;
    }

    /** Counts one usage report handed to the sink. */
    public void countReport() {
        reports++;
    }

    /** Counts one malformed record and keeps it as a sample while fewer than {@link #MAX_SAMPLES} are kept. */
    public void malformed(long line, String reason, String excerpt) {
        count(MALFORMED);
        if (samples.size() < MAX_SAMPLES) {
            samples.add(new MalformedSample(Math.max(0, line), reason, excerpt));
        }
    }

    /**
     * Counts malformed input after which the rest of the input could not be read (corrupt or truncated gzip, a
     * syntax error inside a JSON document); {@link #unreadRest()} keeps the first reason even when the samples are full.
     */
    public void malformedRest(long line, String reason) {
        malformed(line, reason, "");
        if (unreadRest == null) {
            unreadRest = new MalformedSample(Math.max(0, line), reason, "");
        }
    }

    /** Why part of the input was not read at all (so the figures may be incomplete), or {@code null} when all was read. */
    public MalformedSample unreadRest() {
        return unreadRest;
    }

    /** The first malformed records seen, in input order (at most {@link #MAX_SAMPLES}). */
    public List<MalformedSample> malformedSamples() {
        return List.copyOf(samples);
    }

    /** Adds another parse's counts (and samples, up to the limit) to this one. */
    public void merge(ParseStats other) {
        mergeShifted(other, 0);
    }

    /** Adds the counts of a later part of the same input, whose line numbers start after {@code lineBase} lines. */
    void mergeShifted(ParseStats other, long lineBase) {
        reports += other.reports;
        lines += other.lines;
        other.skipped.forEach((kind, n) -> count(kind, n[0]));
        if (unreadRest == null && other.unreadRest != null) {
            unreadRest = shift(other.unreadRest, lineBase);
        }
        for (MalformedSample sample : other.samples) {
            if (samples.size() >= MAX_SAMPLES) {
                break;
            }
            samples.add(shift(sample, lineBase));
        }
    }

    private static MalformedSample shift(MalformedSample sample, long lineBase) {
        return lineBase == 0 || sample.line() == 0 ? sample
                : new MalformedSample(sample.line() + lineBase, sample.reason(), sample.excerpt());
    }

    /** A one-line summary, for example {@code 12 reports; skipped 7 (end=3, malformed=1, start=3)}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder().append(reports).append(reports == 1 ? " report" : " reports");
        long total = totalSkipped();
        if (total > 0) {
            out.append("; skipped ").append(total).append(' ').append(skipped());
        }
        return out.toString();
    }
}
