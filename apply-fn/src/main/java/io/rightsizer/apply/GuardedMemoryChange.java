package io.rightsizer.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.rightsizer.domain.decision.DecisionLog;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.domain.decision.DecisionStep;
import io.rightsizer.domain.function.ConfigurationChangedException;
import io.rightsizer.domain.function.FunctionConfig;
import io.rightsizer.domain.function.FunctionConfigurator;
import io.rightsizer.domain.policy.PolicySettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes a function's memory only when it still has the size the decision started from, waits until Lambda has
 * applied it, and writes the audit entry; a repeated step finds its entry and answers the same.
 */
public final class GuardedMemoryChange {

    private final FunctionConfigurator functions;
    private final DecisionLog log;
    private final ApplySettings settings;
    private final Clock clock;

    public GuardedMemoryChange(FunctionConfigurator functions, DecisionLog log, ApplySettings settings, Clock clock) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.log = Objects.requireNonNull(log, "log");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Runs the Apply or Rollback step. */
    public ApplyResult run(ApplyRequest request) {
        DecisionStep step = request.rollback() ? DecisionStep.ROLLBACK : DecisionStep.APPLY;
        Optional<DecisionRecord> earlier = log.find(request.functionArn(), request.executionArn(), step);
        if (earlier.isPresent()) {
            return resultOf(earlier.get());
        }
        int target = clamp(request.targetMemoryMb());
        int expected = request.expectedMemoryMb();
        String why = reason(request);

        FunctionConfig current = functions.read(request.functionArn());
        if (current.updateInProgress()) {
            return skip(request, step, expected, target, "an update of the function is in progress (LastUpdateStatus "
                    + current.lastUpdateStatus() + ", State " + current.state() + "); not changing it now");
        }
        Optional<String> excluded = request.rollback() ? Optional.empty() : settings.exclusion().reason(current);
        if (excluded.isPresent()) {
            return skip(request, step, expected, target, excluded.get() + " now; not changing it");
        }
        if (current.memorySizeMb() != expected) {
            return skip(request, step, expected, target, "the memory changed since the "
                    + (request.rollback() ? "change" : "evaluation") + ": it is " + current.memorySizeMb()
                    + " MB, not " + expected + " MB; someone else manages it now");
        }
        if (!request.rollback() && request.expectedRevisionId() != null && current.revisionId() != null
                && !request.expectedRevisionId().equals(current.revisionId())) {
            return skip(request, step, expected, target, "the configuration changed since the evaluation (revision "
                    + request.expectedRevisionId() + " is now " + current.revisionId() + ")");
        }
        if (settings.dryRun()) {
            return record(request, step, DecisionStatus.DRY_RUN, expected, target, null,
                    "dry run: would " + (request.rollback() ? "roll back" : "change") + " " + expected + " MB to "
                            + target + " MB; " + why);
        }
        if (target == expected) {
            return skip(request, step, expected, target, "the function already has " + target + " MB");
        }
        try {
            functions.updateMemory(request.functionArn(), target, current.revisionId());
        } catch (ConfigurationChangedException e) {
            return skip(request, step, expected, target, e.getMessage());
        }
        functions.awaitUpdated(request.functionArn());
        Instant appliedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return record(request, step, request.rollback() ? DecisionStatus.ROLLED_BACK : DecisionStatus.APPLIED,
                expected, target, appliedAt, (request.rollback() ? "rolled back " : "changed ") + expected
                        + " MB to " + target + " MB; " + why);
    }

    private ApplyResult skip(ApplyRequest request, DecisionStep step, int from, int to, String why) {
        return record(request, step, request.rollback() ? DecisionStatus.ROLLBACK_SKIPPED : DecisionStatus.SKIPPED,
                from, to, null, why);
    }

    private ApplyResult record(ApplyRequest request, DecisionStep step, DecisionStatus status, int from, int to,
                               Instant appliedAt, String reason) {
        Instant at = appliedAt != null ? appliedAt : clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant watchUntil = status == DecisionStatus.APPLIED ? watchUntil(at, settings.watch()) : null;
        JsonNode decision = request.decision();
        DecisionRecord entry = new DecisionRecord(request.functionArn(), at, step, status, from, to, reason,
                text(decision, "kind"), request.executionArn(), request.windowStart(), request.windowEnd(),
                decision == null || step == DecisionStep.ROLLBACK ? null : figuresOf(decision),
                watchUntil, savings(decision));
        log.record(entry);
        // Answer with what the log holds: when two attempts raced, both report the first entry.
        return resultOf(log.find(request.functionArn(), request.executionArn(), step).orElse(entry));
    }

    /**
     * The end of the guard period: whole UTC days strictly after the day of the change (that day mixes traffic from
     * before it), {@code watch} long, plus a margin for the usage of the period's last minutes to reach the table.
     */
    static Instant watchUntil(Instant changedAt, Duration watch) {
        Instant nextDay = changedAt.atOffset(java.time.ZoneOffset.UTC).toLocalDate().plusDays(1)
                .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        return nextDay.plus(watch).plus(ApplySettings.INGESTION_MARGIN);
    }

    private ApplyResult resultOf(DecisionRecord r) {
        boolean changed = r.status() == DecisionStatus.APPLIED || r.status() == DecisionStatus.ROLLED_BACK;
        return new ApplyResult(r.status(), r.fromMemoryMb(), r.toMemoryMb(), changed ? r.at().toString() : null,
                r.watchUntil() == null ? null : r.watchUntil().toString(), r.reason(), settings.dryRun());
    }

    private static String reason(ApplyRequest request) {
        if (request.rollback()) {
            return request.reason() == null ? "the change hurt" : request.reason();
        }
        String r = text(request.decision(), "reason");
        return r == null ? "the policy's recommendation" : r;
    }

    private static String figuresOf(JsonNode decision) {
        com.fasterxml.jackson.databind.node.ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory
                .instance.objectNode();
        if (decision.has("figures")) {
            out.set("figures", decision.get("figures"));
        }
        if (decision.has("monthlyCostUsd")) {
            out.set("monthlyCostUsd", decision.get("monthlyCostUsd"));
        }
        return out.isEmpty() ? null : out.toString();
    }

    private static double savings(JsonNode decision) {
        if (decision == null) {
            return 0;
        }
        JsonNode s = decision.path("monthlyCostUsd").path("savings");
        return s.isNumber() ? s.asDouble() : 0;
    }

    private static String text(JsonNode node, String field) {
        return node == null || !node.hasNonNull(field) ? null : node.get(field).asText();
    }

    private static int clamp(int mb) {
        return Math.max(PolicySettings.LAMBDA_MIN_MEMORY_MB, Math.min(PolicySettings.LAMBDA_MAX_MEMORY_MB, mb));
    }

    /** The guard period this instance was built with. */
    public Duration watch() {
        return settings.watch();
    }
}
