package io.rightsizer.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.cli.RightsizerCommand;
import io.rightsizer.cli.scan.ScanEnvironment;
import io.rightsizer.demo.FunctionProfile.Source;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * The run both {@code rightsizer demo} and the end-to-end test make: four functions report for two weeks, Rightsizer
 * opens a window for each, an operator restarts one mid-window, the windows end, the state machine decides, changes,
 * watches and judges, and the operator's commands show the result. The functions:
 * <ul>
 * <li>{@code orders-api}: 1024 MB, uses under 200 MB (extension): decreased, and the watch keeps it;</li>
 * <li>{@code image-resizer}: 512 MB, runs out of memory on big images (extension): increased, and kept;</li>
 * <li>{@code billing-sync}: 512 MB, uses 420–450 MB (extension): restarted mid-window, and its size kept;</li>
 * <li>{@code report-builder}: 2048 MB, uses 600–700 MB (log subscription): decreased, then its reports grow and
 * run out of memory in the watch: rolled back.</li>
 * </ul>
 */
public final class DemoRun {

    static final FunctionProfile ORDERS = new FunctionProfile("orders-api", 1024, Source.EXTENSION, 150, 190, 150,
            190, 120);
    static final FunctionProfile IMAGES = new FunctionProfile("image-resizer", 512, Source.EXTENSION, 380, 560, 380,
            560, 900);
    static final FunctionProfile BILLING = new FunctionProfile("billing-sync", 512, Source.EXTENSION, 420, 450, 420,
            450, 300);
    static final FunctionProfile REPORTS = new FunctionProfile("report-builder", 2048, Source.LOGS_SUBSCRIPTION, 600,
            700, 650, 800, 2500);
    static final List<FunctionProfile> FUNCTIONS = List.of(ORDERS, IMAGES, BILLING, REPORTS);
    /** The days of the window with traffic (day 0 opens the windows; whole days 1..14 are the evidence). */
    static final int[] TRAFFIC_DAYS = {0, 1, 3, 5, 7, 9, 11, 13};
    static final int RESTART_AFTER_DAY = 7;
    /** The day DynamoDB throttles ingest. */
    static final int THROTTLED_DAY = 5;
    static final int INVOCATIONS_PER_DAY = 30;
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the run left behind, for a person or a test to look at. */
    public record Result(Map<String, Integer> memoryBefore, Map<String, Integer> memoryAfter,
                         Map<String, Integer> windowOutOfMemory, List<ExecutionTracker.Execution> executions,
                         String restartOutput, String status, String executionsTable, List<String> timeline) {

        /** The executions of one function, oldest first. */
        public List<ExecutionTracker.Execution> of(String functionName) {
            return executions.stream().filter(e -> functionName.equals(e.functionName())).toList();
        }
    }

    private final LocalDeployment deployment;
    private final Traffic traffic;
    private final Timeline timeline;
    private final ExecutionTracker tracker;
    private final LocalDate day0;
    /** Out-of-memory invocations the functions ran on the window's whole days (day 1 on), per function. */
    private final Map<String, Integer> windowOutOfMemory = new java.util.concurrent.ConcurrentHashMap<>();
    private int resumedReported;
    private int failuresReported;
    private int discardedReported;

    DemoRun(LocalDeployment deployment, Path extension, Timeline timeline) {
        this.deployment = deployment;
        this.traffic = new Traffic(deployment, extension);
        this.timeline = timeline;
        this.tracker = new ExecutionTracker(deployment.sfn(), deployment.stateMachineArn(), timeline);
        this.day0 = LocalDate.ofInstant(deployment.clock().instant(), ZoneOffset.UTC);
    }

    /** Where the run's clock starts: 09:00 UTC twenty days ago, so the whole run stays in the past. */
    static Instant virtualStart() {
        return LocalDate.now(ZoneOffset.UTC).minusDays(20).atTime(9, 0).toInstant(ZoneOffset.UTC);
    }

    Result run() {
        Map<String, Integer> before = new LinkedHashMap<>();
        for (FunctionProfile f : FUNCTIONS) {
            deployment.createFunction(f.name(), f.memoryMb());
            before.put(f.name(), f.memoryMb());
        }
        deployment.startIngesting();
        Random random = new Random(14);
        String restartOutput = null;
        for (int day : TRAFFIC_DAYS) {
            deployment.clock().advanceTo(at(day, 9, 0));
            if (day == THROTTLED_DAY) {
                timeline.note("");
                timeline.note("-- a fault AWS can make and DynamoDB Local does not: DynamoDB throttles ingest's next"
                        + " write, every attempt");
                deployment.throttleNextIngestWrite();
            }
            Map<String, Traffic.Day> ran = trafficDay(day == 0 ? 5 : INVOCATIONS_PER_DAY, false, random);
            if (day > 0) {
                ran.values().forEach(d -> windowOutOfMemory.merge(d.function(), d.outOfMemory(), Integer::sum));
            }
            if (day == RESTART_AFTER_DAY) {
                restartOutput = restart();
            }
        }

        // The windows end: each execution's wait on its windowEnd passes, and it evaluates and applies.
        Instant lastEnd = windowEnds().stream().max(Instant::compareTo).orElseThrow();
        deployment.clock().advanceTo(lastEnd.plus(Duration.ofMinutes(1)));
        timeline.note("");
        timeline.note("-- the windows end: evaluate, apply, then watch for the guard period (one day)");
        tracker.awaitAll(DemoRun::firstWindow, e -> e.status() != ExecutionStatus.RUNNING
                || e.entered("WatchAfterApply"), STEP_TIMEOUT);

        // The day after the change: the changed functions run at their new sizes.
        LocalDate changeDay = LocalDate.ofInstant(deployment.clock().instant(), ZoneOffset.UTC);
        deployment.clock().advanceTo(changeDay.plusDays(1).atTime(9, 0).toInstant(ZoneOffset.UTC));
        timeline.note("");
        timeline.note("-- the watch: a day at the new sizes (report-builder's reports have grown)");
        trafficDay(INVOCATIONS_PER_DAY, true, random);
        Instant watchEnd = watchEnds().stream().max(Instant::compareTo).orElse(deployment.clock().instant());
        deployment.clock().advanceTo(watchEnd.plus(Duration.ofMinutes(1)));
        timeline.note("");
        timeline.note("-- the guard period ends: verify, keep or roll back");
        List<ExecutionTracker.Execution> executions = tracker.awaitAll(DemoRun::firstWindow,
                e -> e.status() != ExecutionStatus.RUNNING, STEP_TIMEOUT);

        Map<String, Integer> after = new LinkedHashMap<>();
        for (FunctionProfile f : FUNCTIONS) {
            after.put(f.name(), deployment.memoryOf(f.name()));
        }
        timeline.note("");
        timeline.note("$ rightsizer status");
        String status = cli("status");
        status.lines().forEach(timeline::note);
        timeline.note("");
        timeline.note("$ rightsizer executions");
        String table = cli("executions");
        table.lines().forEach(timeline::note);
        return new Result(before, after, Map.copyOf(windowOutOfMemory), executions, restartOutput, status, table,
                timeline.lines());
    }

    /** Runs the CLI in this process against the local deployment, on the run's clock; returns what it printed. */
    String cli(String... command) {
        List<String> args = new ArrayList<>(List.of(command));
        args.addAll(DemoCommand.deploymentOptions(deployment));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter o = new PrintWriter(out); PrintWriter e = new PrintWriter(err)) {
            code = RightsizerCommand.newCommandLine(InputStream.nullInputStream(), o, e, ScanEnvironment.system(),
                    deployment.clock()).execute(args.toArray(new String[0]));
        }
        if (code != 0) {
            throw new IllegalStateException("rightsizer " + String.join(" ", command) + " exited " + code + ": " + err);
        }
        return out.toString();
    }

    /** Every function's day, the extension functions in parallel (each in its own sandbox), then ingestion. */
    private Map<String, Traffic.Day> trafficDay(int invocations, boolean later, Random random) {
        Map<FunctionProfile, Random> draws = new LinkedHashMap<>();
        for (FunctionProfile f : FUNCTIONS) {
            draws.put(f, new Random(random.nextLong()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(FUNCTIONS.size());
        try {
            Map<String, Traffic.Day> ran = new LinkedHashMap<>();
            List<Future<Traffic.Day>> days = new ArrayList<>();
            for (FunctionProfile f : FUNCTIONS) {
                days.add(pool.submit(() -> traffic.run(f, invocations, later, draws.get(f))));
            }
            for (Future<Traffic.Day> future : days) {
                Traffic.Day d = future.get();
                ran.put(d.function(), d);
                timeline.event(d.function(), String.format(java.util.Locale.ROOT,
                        "%d reports via %s at %d MB, peak %d MB%s", d.invocations(),
                        d.source() == Source.EXTENSION ? "the extension" : "the log subscription", d.memoryMb(),
                        d.peakMb(), d.outOfMemory() == 0 ? "" : ", " + d.outOfMemory() + " out of memory"));
            }
            deployment.awaitIngested();
            reportIngestFailures();
            tracker.poll();
            return ran;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a function's day failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What Lambda's event source mapping would show in the ingest function's logs: failed and given-up batches. */
    private void reportIngestFailures() {
        List<String> resumed = deployment.poller().resumedFrom();
        for (int i = resumedReported; i < resumed.size(); i++) {
            timeline.event("ingest", "partial batch response: the batch is delivered again from sequence number "
                    + resumed.get(i));
        }
        resumedReported = resumed.size();
        List<Throwable> failures = deployment.poller().handlerFailures();
        for (int i = failuresReported; i < failures.size(); i++) {
            timeline.event("ingest", "a batch failed and is retried: " + failures.get(i));
        }
        failuresReported = failures.size();
        var discarded = deployment.poller().discarded();
        for (int i = discardedReported; i < discarded.size(); i++) {
            timeline.event("ingest", "a batch was given up after its retries: " + discarded.get(i));
        }
        discardedReported = discarded.size();
    }

    /** An operator restarts billing-sync mid-window: a new execution evaluates now, the old one is stopped. */
    private String restart() {
        deployment.clock().advanceTo(at(RESTART_AFTER_DAY + 1, 1, 0));
        timeline.note("");
        timeline.note("$ rightsizer restart " + BILLING.name());
        String out = cli("restart", BILLING.name());
        out.lines().forEach(line -> timeline.note("  " + line));
        tracker.awaitAll(e -> BILLING.name().equals(e.functionName()), e -> e.status() != ExecutionStatus.RUNNING,
                STEP_TIMEOUT);
        timeline.note("");
        return out;
    }

    /** The executions ingest started when a function first reported (not the operator's restarts, not later windows). */
    private static boolean firstWindow(ExecutionTracker.Execution e) {
        return !BILLING.name().equals(e.functionName());
    }

    private List<Instant> windowEnds() {
        List<Instant> ends = new ArrayList<>();
        for (ExecutionTracker.Execution e : tracker.poll()) {
            if (firstWindow(e)) {
                for (HistoryEvent h : e.events()) {
                    if (h.executionStartedEventDetails() != null) {
                        ends.add(Instant.parse(read(h.executionStartedEventDetails().input()).path("windowEnd").asText()));
                    }
                }
            }
        }
        return ends;
    }

    private List<Instant> watchEnds() {
        List<Instant> ends = new ArrayList<>();
        for (ExecutionTracker.Execution e : tracker.poll()) {
            for (HistoryEvent h : e.events()) {
                if (h.stateExitedEventDetails() != null && "Apply".equals(h.stateExitedEventDetails().name())) {
                    String until = read(h.stateExitedEventDetails().output()).path("apply").path("result")
                            .path("watchUntil").asText(null);
                    if (until != null) {
                        ends.add(Instant.parse(until));
                    }
                }
            }
        }
        return ends;
    }

    private Instant at(int day, int hour, int minute) {
        return day0.plusDays(day).atTime(hour, minute).toInstant(ZoneOffset.UTC);
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json == null ? "{}" : json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
