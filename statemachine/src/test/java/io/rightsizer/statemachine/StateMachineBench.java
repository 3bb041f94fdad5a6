package io.rightsizer.statemachine;

import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.statemachine.StateMachineRig.Execution;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Benchmark, not a test (the name keeps it out of the normal test run; bench/statemachine/run.sh runs it): executes
 * each path of the ASL in moto with the real handlers, several times, and reports per path the billed state
 * transitions, the Step Functions cost per function window, the history size, the largest state input, and the Lambda
 * control-plane calls apply-fn makes per change (counted at the SDK by an ExecutionInterceptor).
 */
class StateMachineBench {

    private static final double USD_PER_TRANSITION = 0.025 / 1000;
    private static final Instant WINDOW_END = StateMachineRig.WINDOW_END;
    private static final Instant WINDOW_START = StateMachineRig.WINDOW_START;

    /** Counts SDK operations (each HTTP attempt) by name. */
    private static final class CallCounter implements ExecutionInterceptor {
        final Map<String, Integer> calls = Collections.synchronizedMap(new TreeMap<>());

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            calls.merge(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), 1, Integer::sum);
        }

        int total() {
            return calls.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private record Scenario(String path, int memoryMb, int days, int peakMb, Map<String, String> tags,
                            int watchMemoryMb, long watchOom, boolean dryRun) {
    }

    private record Measured(long transitions, int events, int largestInputBytes, int applyCalls,
                            Map<String, Integer> applyCallsByOperation, long millis) {
    }

    @Test
    void measure() throws IOException {
        int runs = Integer.getInteger("bench.runs", 5);
        List<Scenario> scenarios = List.of(
                new Scenario("apply, kept after verify", 1024, 14, 300, Map.of(), 325, 0, false),
                new Scenario("apply, rolled back", 1024, 14, 300, Map.of(), 325, 5, false),
                new Scenario("apply, dry run", 1024, 14, 300, Map.of(), 0, 0, true),
                new Scenario("keep", 340, 14, 300, Map.of(), 0, 0, false),
                new Scenario("insufficient data", 1024, 2, 300, Map.of(), 0, 0, false),
                new Scenario("excluded", 1024, 14, 300, Map.of("rightsizer:exclude", "true"), 0, 0, false));
        Map<String, List<Measured>> results = new LinkedHashMap<>();
        try (StateMachineRig rig = StateMachineRig.start()) {
            CallCounter evaluateCalls = new CallCounter();
            CallCounter applyCalls = new CallCounter();
            rig.interceptLambdaCalls(evaluateCalls, applyCalls);
            rig.freshDeployment();
            for (int run = 0; run < runs; run++) {
                for (Scenario s : scenarios) {
                    rig.dryRun = s.dryRun();
                    applyCalls.calls.clear();
                    String name = function(rig, s);
                    long t0 = System.nanoTime();
                    Execution ex = rig.run(name, WINDOW_START, WINDOW_END);
                    long millis = (System.nanoTime() - t0) / 1_000_000;
                    int largest = ex.events().stream().mapToInt(StateMachineBench::inputBytes).max().orElse(0);
                    results.computeIfAbsent(s.path(), k -> new ArrayList<>()).add(new Measured(ex.transitions(),
                            ex.events().size(), largest, applyCalls.total(), new TreeMap<>(applyCalls.calls), millis));
                    System.out.println("run " + (run + 1) + " " + s.path() + ": " + ex.status() + " " + ex.path());
                }
            }
        }
        String report = report(results, runs);
        System.out.println(report);
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report);
        }
    }

    private static String function(StateMachineRig rig, Scenario s) {
        String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String arn = rig.functions.create(name, s.memoryMb(), s.tags());
        List<DailyUsage> usage = new ArrayList<>();
        for (int i = 1; i <= s.days(); i++) {
            LocalDate day = StateMachineRig.CHANGE_DAY.minusDays(i);
            usage.add(new DailyUsage(arn, day, s.peakMb(), s.memoryMb(), 1_000, 2, 0, 0, 150_000, 120_000, 4,
                    day.atTime(20, 0).toInstant(ZoneOffset.UTC)));
        }
        if (s.watchMemoryMb() > 0) {
            LocalDate day = StateMachineRig.WATCH_DAY;
            usage.add(new DailyUsage(arn, day, s.watchOom() > 0 ? s.watchMemoryMb() : 310, s.watchMemoryMb(), 300,
                    1 + s.watchOom(), 0, s.watchOom(), 45_000, 36_000, 2, day.atTime(22, 0).toInstant(ZoneOffset.UTC)));
        }
        rig.record(usage);
        rig.claimWindow(arn, WINDOW_START, WINDOW_END);
        return name;
    }

    private static int inputBytes(HistoryEvent e) {
        String input = e.stateEnteredEventDetails() != null ? e.stateEnteredEventDetails().input() : null;
        return input == null ? 0 : input.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    private static String report(Map<String, List<Measured>> results, int runs) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "| path | state transitions | Step Functions cost per window | history"
                + " events | largest state input | apply-fn Lambda API calls | wall time in moto (median of %d) |%n",
                runs));
        b.append("|---|---:|---:|---:|---:|---|---:|\n");
        results.forEach((path, ms) -> {
            Measured first = ms.get(0);
            boolean stable = ms.stream().allMatch(m -> m.transitions() == first.transitions()
                    && m.applyCalls() == first.applyCalls());
            List<Long> times = ms.stream().map(Measured::millis).sorted().toList();
            b.append(String.format(Locale.ROOT, "| %s | %d%s | $%.6f | %d | %d B | %s | %.1f s |%n", path,
                    first.transitions(), stable ? "" : " (varied)", first.transitions() * USD_PER_TRANSITION,
                    first.events(), ms.stream().mapToInt(Measured::largestInputBytes).max().orElse(0),
                    first.applyCalls() == 0 ? "0" : first.applyCalls() + " " + first.applyCallsByOperation(),
                    times.get(times.size() / 2) / 1000.0));
        });
        return b.toString();
    }
}
