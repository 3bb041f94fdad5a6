package io.rightsizer.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Follows the state machine's executions the way a person follows them in the Step Functions console: their histories,
 * read again and again, turned into the steps a person cares about (window opened, decision, change, watch, verdict,
 * outcome), each reported once.
 */
final class ExecutionTracker {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One execution as the tracker last saw it. */
    record Execution(String arn, String name, String functionName, ExecutionStatus status, List<HistoryEvent> events) {

        /** The states entered, in order. */
        List<String> path() {
            return events.stream().filter(e -> e.stateEnteredEventDetails() != null)
                    .map(e -> e.stateEnteredEventDetails().name()).toList();
        }

        /** The outcome RecordOutcome recorded ({@code APPLIED}, {@code KEPT}, {@code ROLLED_BACK} ...), or null. */
        String outcome() {
            for (HistoryEvent e : events) {
                if (e.stateEnteredEventDetails() != null && "RecordOutcome".equals(e.stateEnteredEventDetails().name())) {
                    return read(e.stateEnteredEventDetails().input()).path("outcome").path("outcome").asText(null);
                }
            }
            return null;
        }

        /** What ended the execution when it failed ({@code error: cause}), or null. */
        String failure() {
            for (HistoryEvent e : events) {
                if (e.executionFailedEventDetails() != null) {
                    return e.executionFailedEventDetails().error() + ": " + e.executionFailedEventDetails().cause();
                }
            }
            return null;
        }

        boolean entered(String state) {
            return path().contains(state);
        }
    }

    private final SfnClient sfn;
    private final String stateMachineArn;
    private final Timeline timeline;
    private final Map<String, Execution> executions = new LinkedHashMap<>();
    private final Set<String> reported = new HashSet<>();

    ExecutionTracker(SfnClient sfn, String stateMachineArn, Timeline timeline) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
        this.timeline = timeline;
    }

    /** Reads every execution again and reports what happened since the last look. */
    synchronized List<Execution> poll() {
        List<ExecutionListItem> listed = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var page = sfn.listExecutions(b -> b.stateMachineArn(stateMachineArn).maxResults(1000).nextToken(t));
            listed.addAll(page.executions());
            token = page.nextToken();
        } while (token != null);
        listed.sort(java.util.Comparator.comparing(ExecutionListItem::startDate));
        for (ExecutionListItem item : listed) {
            Execution known = executions.get(item.executionArn());
            if (known != null && known.status() != ExecutionStatus.RUNNING) {
                continue;
            }
            Execution now = read(item);
            executions.put(item.executionArn(), now);
            report(now);
        }
        return List.copyOf(executions.values());
    }

    /** Polls until every execution that {@code which} selects satisfies {@code done}. */
    List<Execution> awaitAll(Predicate<Execution> which, Predicate<Execution> done, Duration timeout) {
        Instant until = Instant.now().plus(timeout);
        while (true) {
            List<Execution> all = poll();
            if (all.stream().filter(which).allMatch(done)) {
                return all;
            }
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("executions did not get there within " + timeout + ": "
                        + all.stream().filter(which).filter(done.negate())
                        .map(e -> e.name() + " " + e.status() + " " + e.path()).toList());
            }
            LocalDeployment.pause(Duration.ofMillis(100));
        }
    }

    private Execution read(ExecutionListItem item) {
        List<HistoryEvent> events = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            var page = sfn.getExecutionHistory(b -> b.executionArn(item.executionArn()).maxResults(1000).nextToken(t));
            events.addAll(page.events());
            token = page.nextToken();
        } while (token != null);
        ExecutionStatus status = sfn.describeExecution(b -> b.executionArn(item.executionArn())).status();
        String functionName = null;
        for (HistoryEvent e : events) {
            if (e.executionStartedEventDetails() != null) {
                functionName = read(e.executionStartedEventDetails().input()).path("functionName").asText(null);
            }
        }
        return new Execution(item.executionArn(), item.name(), functionName, status, events);
    }

    private void report(Execution x) {
        String fn = x.functionName();
        for (HistoryEvent e : x.events()) {
            String key = x.arn() + "#" + e.id();
            if (e.executionStartedEventDetails() != null && reported.add(key)) {
                JsonNode input = read(e.executionStartedEventDetails().input());
                timeline.event(fn, "window opened: execution " + x.name() + " (evaluates at "
                        + Timeline.stamp(Instant.parse(input.path("windowEnd").asText())) + ")");
            }
            if (e.stateExitedEventDetails() == null) {
                continue;
            }
            String state = e.stateExitedEventDetails().name();
            JsonNode out = read(e.stateExitedEventDetails().output());
            switch (state) {
                case "Evaluate" -> {
                    if (reported.add(key)) {
                        JsonNode d = out.path("evaluation").path("decision");
                        timeline.event(fn, "decision " + d.path("kind").asText(d.path("action").asText()) + " "
                                + d.path("currentMemoryMb").asInt() + " -> " + d.path("recommendedMemoryMb").asInt()
                                + " MB: " + d.path("reason").asText());
                    }
                }
                case "Apply" -> {
                    JsonNode r = out.path("apply").path("result");
                    if ("APPLIED".equals(r.path("status").asText()) && reported.add(key)) {
                        timeline.event(fn, "changed " + r.path("fromMemoryMb").asInt() + " -> "
                                + r.path("toMemoryMb").asInt() + " MB; watching until "
                                + Timeline.stamp(Instant.parse(r.path("watchUntil").asText())));
                    }
                }
                case "Verify" -> {
                    if (reported.add(key)) {
                        JsonNode v = out.path("verification").path("verdict");
                        timeline.event(fn, "verdict " + v.path("verdict").asText() + ": " + v.path("reason").asText());
                    }
                }
                case "Rollback" -> {
                    JsonNode r = out.path("rollback").path("result");
                    if ("ROLLED_BACK".equals(r.path("status").asText()) && reported.add(key)) {
                        timeline.event(fn, "rolled back " + r.path("fromMemoryMb").asInt() + " -> "
                                + r.path("toMemoryMb").asInt() + " MB");
                    }
                }
                default -> {
                    // Other states are steps on the way, not news.
                }
            }
        }
        if (x.status() != ExecutionStatus.RUNNING && reported.add(x.arn() + "#end")) {
            String outcome = x.outcome();
            String cause = x.failure();
            timeline.event(fn, "execution " + x.name() + " " + x.status()
                    + (outcome != null && x.status() == ExecutionStatus.SUCCEEDED ? ", outcome " + outcome : "")
                    + (cause != null ? " (" + cause + ")" : ""));
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json == null ? "{}" : json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
