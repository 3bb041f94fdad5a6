package io.rightsizer.apply;

import com.fasterxml.jackson.databind.JsonNode;
import io.rightsizer.domain.decision.DecisionLog;
import io.rightsizer.domain.decision.DecisionNotice;
import io.rightsizer.domain.decision.DecisionNotifier;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.domain.decision.DecisionStep;
import io.rightsizer.domain.function.ChangeMode;
import io.rightsizer.domain.function.ConfigurationChangedException;
import io.rightsizer.domain.function.FunctionConfig;
import io.rightsizer.domain.function.FunctionConfigurator;
import io.rightsizer.domain.function.FunctionNotFoundException;
import io.rightsizer.domain.function.FunctionOverrides;
import io.rightsizer.domain.function.InvalidOverrideException;
import io.rightsizer.domain.policy.PolicySettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Changes a function's memory only when it still has the size the decision started from, recording the intent before
 * the change and the outcome after it. Every step is safe to repeat: a repeat finds its outcome and answers the same,
 * or finds its intent and recognises the change as its own (a lost response, a wait that gave up, a failed audit
 * write) instead of taking it for someone else's. It never waits for Lambda: while the update is InProgress it answers
 * {@link DecisionStatus#UPDATING} and the state machine asks again after {@link ApplySettings#pollInterval()}.
 */
public final class GuardedMemoryChange {

    /**
     * The action evaluate-fn sends for a function in recommend mode, or whose live traffic runs on published versions:
     * record, do not apply.
     */
    static final String RECOMMEND = "RECOMMEND";
    /** {@link ApplyResult#notification()} when the notice was handed to the notifier. */
    static final String NOTIFICATION_SENT = "sent";
    /** {@link ApplyResult#notification()} starts so when the notifier failed (the rest says why). */
    static final String NOTIFICATION_FAILED = "failed";

    private final FunctionConfigurator functions;
    private final DecisionLog log;
    private final ApplySettings settings;
    private final Clock clock;
    private final DecisionNotifier notifier;

    /** A change that tells nobody about its outcomes. */
    public GuardedMemoryChange(FunctionConfigurator functions, DecisionLog log, ApplySettings settings, Clock clock) {
        this(functions, log, settings, clock, DecisionNotifier.NONE);
    }

    /**
     * @param notifier told once about each change made, rollback made and recommendation recorded: by the attempt that
     *                 recorded the outcome, never by a repeat that finds it
     */
    public GuardedMemoryChange(FunctionConfigurator functions, DecisionLog log, ApplySettings settings, Clock clock,
                               DecisionNotifier notifier) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.log = Objects.requireNonNull(log, "log");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    /** Runs the Apply or Rollback step (again, when the state machine repeats or polls it). */
    public ApplyResult run(ApplyRequest request) {
        Change change = new Change(request, request.rollback() ? DecisionStep.ROLLBACK : DecisionStep.APPLY,
                request.expectedMemoryMb(), clamp(request.targetMemoryMb()));
        List<DecisionRecord> entries = log.ofExecution(request.functionArn(), request.executionArn()).stream()
                .filter(e -> e.sameChange(request.executionArn(), change.step, change.from, change.to)).toList();
        Optional<DecisionRecord> outcome = entries.stream().filter(e -> e.status().isFinal()).findFirst();
        if (outcome.isPresent()) {
            return resultOf(outcome.get());
        }
        Optional<DecisionRecord> intent = entries.stream()
                .filter(e -> e.status() == DecisionStatus.INTENDED).findFirst();

        Optional<FunctionConfig> read = read(request);
        if (read.isEmpty()) {
            return gone(change);
        }
        FunctionConfig current = read.get();
        if (intent.isPresent()) {
            return resume(change, intent.get(), current, "");
        }
        return fresh(change, current);
    }

    /** The first attempt: every guard, then the intent, then the change. */
    private ApplyResult fresh(Change change, FunctionConfig current) {
        ApplyRequest request = change.request;
        if (!request.rollback() && RECOMMEND.equals(text(request.decision(), "action"))) {
            return record(change, DecisionStatus.RECOMMENDED, clock.instant(), reason(request));
        }
        if (current.updateInProgress()) {
            return skip(change, "an update of the function is in progress (LastUpdateStatus "
                    + current.lastUpdateStatus() + ", State " + current.state() + "); not changing it now");
        }
        Optional<String> excluded = request.rollback() ? Optional.empty() : settings.exclusion().reason(current);
        if (excluded.isPresent()) {
            return skip(change, excluded.get() + " now; not changing it");
        }
        if (!request.rollback()) {
            // The owner's word since Evaluate counts too: a mode tag set to recommend, or a tag that cannot be read.
            FunctionOverrides overrides;
            try {
                overrides = FunctionOverrides.fromTags(current.tags());
            } catch (InvalidOverrideException bad) {
                return skip(change, bad.getMessage() + " now; not changing it");
            }
            if (overrides.mode().orElse(ChangeMode.APPLY) == ChangeMode.RECOMMEND) {
                return record(change, DecisionStatus.RECOMMENDED, clock.instant(), reason(request) + "; the function"
                        + " is tagged " + FunctionOverrides.MODE_TAG + "=recommend now: recorded, not applied");
            }
        }
        if (current.memorySizeMb() != change.from) {
            return skip(change, "the memory changed since the " + (request.rollback() ? "change" : "evaluation")
                    + ": it is " + current.memorySizeMb() + " MB, not " + change.from + " MB; someone else manages it"
                    + " now");
        }
        if (!request.rollback() && request.expectedRevisionId() != null && current.revisionId() != null
                && !request.expectedRevisionId().equals(current.revisionId())) {
            return skip(change, "the configuration changed since the evaluation (revision "
                    + request.expectedRevisionId() + " is now " + current.revisionId() + ")");
        }
        if (settings.dryRun()) {
            return record(change, DecisionStatus.DRY_RUN, clock.instant(), "dry run: would "
                    + (request.rollback() ? "roll back" : "change") + " " + change.from + " MB to " + change.to
                    + " MB; " + reason(request));
        }
        if (change.to == change.from) {
            return skip(change, "the function already has " + change.to + " MB");
        }
        DecisionRecord intent = entry(change, DecisionStatus.INTENDED, now(), "about to " + verb(request) + " "
                + change.from + " MB to " + change.to + " MB; " + reason(request), null, current.revisionId());
        log.record(intent);
        return send(change, intent, current.revisionId());
    }

    /** Calls UpdateFunctionConfiguration for a recorded intent. */
    private ApplyResult send(Change change, DecisionRecord intent, String revisionId) {
        FunctionConfig after;
        try {
            after = functions.updateMemory(change.request.functionArn(), change.to, revisionId);
        } catch (ConfigurationChangedException refused) {
            // Refused on the revision: perhaps because an earlier attempt of this very call went through and only its
            // response was lost. Look before concluding that someone else changed the function.
            Optional<FunctionConfig> now = read(change.request);
            return now.isEmpty() ? gone(change) : resume(change, intent, now.get(), refused.getMessage());
        } catch (FunctionNotFoundException deleted) {
            return gone(change);
        }
        return settle(change, intent, after, "");
    }

    /** A repeated step that finds its own intent: whose change is in effect decides what happened. */
    private ApplyResult resume(Change change, DecisionRecord intent, FunctionConfig current, String refusal) {
        if (current.memorySizeMb() == change.to) {
            return settle(change, intent, current, " (found in effect: this step's own change, recorded as intended at "
                    + intent.at() + ")");
        }
        if (current.memorySizeMb() != change.from) {
            return skip(change, "the memory is " + current.memorySizeMb() + " MB, neither " + change.from + " MB nor "
                    + change.to + " MB: someone else changed it while this step ran; someone else manages it now");
        }
        if (current.updateFailed()) {
            return skip(change, "Lambda reports the update to " + change.to + " MB as Failed; the function keeps "
                    + change.from + " MB");
        }
        if (current.updateInProgress()) {
            return waitOrGiveUp(change, intent, " (an update is in progress and the memory is still " + change.from
                    + " MB)").orElseGet(() -> skip(change, "an update of the function was still in progress after "
                    + waited(intent) + " and the memory is still " + change.from + " MB; not changing it now"));
        }
        boolean sameRevision = intent.revisionId() == null || current.revisionId() == null
                || intent.revisionId().equals(current.revisionId());
        if (!sameRevision) {
            return skip(change, "the configuration changed since the change was prepared (revision "
                    + intent.revisionId() + " is now " + current.revisionId() + ")"
                    + (refusal.isEmpty() ? "" : ": " + refusal));
        }
        if (!refusal.isEmpty()) {
            return skip(change, refusal);
        }
        // The earlier attempt never reached Lambda: make the change now, against the same revision.
        return send(change, intent, current.revisionId());
    }

    /** The change is in effect, or on its way: record the outcome, or ask the state machine to poll. */
    private ApplyResult settle(Change change, DecisionRecord intent, FunctionConfig current, String note) {
        if (current.updateFailed()) {
            return skip(change, "Lambda reports the update to " + change.to + " MB as Failed; the function keeps its"
                    + " previous configuration");
        }
        String inProgress = "";
        if (current.updateInProgress()) {
            Optional<ApplyResult> poll = waitOrGiveUp(change, intent, "");
            if (poll.isPresent()) {
                return poll.get();
            }
            // Every change is watched: one Lambda still applies after the wait is watched too, and Verify checks that
            // the watched days really ran at the new size.
            inProgress = "; Lambda still reported it InProgress after " + waited(intent)
                    + ", so it is watched as made";
        }
        DecisionStatus done = change.request.rollback() ? DecisionStatus.ROLLED_BACK : DecisionStatus.APPLIED;
        return record(change, done, clock.instant(), (change.request.rollback() ? "rolled back " : "changed ")
                + change.from + " MB to " + change.to + " MB" + note + inProgress + "; " + reason(change.request));
    }

    /** {@link DecisionStatus#UPDATING} while the update may still finish in time, empty once the wait is spent. */
    private Optional<ApplyResult> waitOrGiveUp(Change change, DecisionRecord intent, String note) {
        if (Duration.between(intent.at(), clock.instant()).compareTo(settings.updateWait()) >= 0) {
            return Optional.empty();
        }
        long poll = settings.pollInterval().toSeconds();
        return Optional.of(new ApplyResult(DecisionStatus.UPDATING, change.from, change.to, null, null,
                "Lambda is applying the change of " + change.from + " MB to " + change.to + " MB (LastUpdateStatus"
                        + " InProgress)" + note + "; checking again in " + poll + " s",
                settings.dryRun(), poll, null));
    }

    private String waited(DecisionRecord intent) {
        return Duration.between(intent.at(), clock.instant()).toSeconds() + " s";
    }

    private Optional<FunctionConfig> read(ApplyRequest request) {
        try {
            return Optional.of(functions.read(request.functionArn()));
        } catch (FunctionNotFoundException deleted) {
            return Optional.empty();
        }
    }

    private ApplyResult gone(Change change) {
        return record(change, DecisionStatus.GONE, clock.instant(), "the function no longer exists (deleted during its"
                + " window); nothing to " + verb(change.request));
    }

    private ApplyResult skip(Change change, String why) {
        return record(change, change.request.rollback() ? DecisionStatus.ROLLBACK_SKIPPED : DecisionStatus.SKIPPED,
                clock.instant(), why);
    }

    private ApplyResult record(Change change, DecisionStatus status, Instant at, String reason) {
        Instant when = at.truncatedTo(ChronoUnit.MILLIS);
        Instant watchUntil = status == DecisionStatus.APPLIED ? watchUntil(when, settings.watch()) : null;
        DecisionRecord entry = entry(change, status, when, reason, watchUntil, null);
        log.record(entry);
        // Answer with what the log holds: when two attempts raced, both report the first outcome.
        List<DecisionRecord> entries = log.ofExecution(change.request.functionArn(), change.request.executionArn());
        DecisionRecord outcome = entries.stream()
                .filter(e -> e.sameChange(entry.executionArn(), entry.step(), entry.fromMemoryMb(), entry.toMemoryMb())
                        && e.status().isFinal())
                .findFirst().orElse(entry);
        // Only the attempt whose outcome the log kept tells people: a repeat, or the loser of a race, stays silent.
        boolean ours = outcome.at().equals(entry.at()) && outcome.status() == entry.status();
        String notification = ours && notifier != DecisionNotifier.NONE && DecisionNotice.notifies(outcome.status())
                ? notify(change, outcome, entries) : null;
        return resultOf(outcome, notification);
    }

    /**
     * Sends the notice; a failure is reported in the result ({@code notification}) and counted by the handler, and
     * never fails the step: the change is made and recorded, and repeating the step would not send it again anyway.
     */
    private String notify(Change change, DecisionRecord outcome, List<DecisionRecord> entries) {
        double savings = outcome.monthlySavingsUsd();
        if (change.step == DecisionStep.ROLLBACK) {
            // A rollback gives up what the change it undoes saved.
            savings = -entries.stream()
                    .filter(e -> e.step() == DecisionStep.APPLY && e.status() == DecisionStatus.APPLIED
                            && e.fromMemoryMb() == change.to && e.toMemoryMb() == change.from)
                    .mapToDouble(DecisionRecord::monthlySavingsUsd).findFirst().orElse(0);
        }
        try {
            notifier.send(new DecisionNotice(outcome.status(), outcome.functionArn(), change.request.functionName(),
                    outcome.fromMemoryMb(), outcome.toMemoryMb(), outcome.reason(), savings, outcome.executionArn()));
            return NOTIFICATION_SENT;
        } catch (RuntimeException e) {
            return NOTIFICATION_FAILED + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private DecisionRecord entry(Change change, DecisionStatus status, Instant at, String reason, Instant watchUntil,
                                 String revisionId) {
        ApplyRequest request = change.request;
        JsonNode decision = request.decision();
        boolean rollback = change.step == DecisionStep.ROLLBACK;
        return new DecisionRecord(request.functionArn(), at, change.step, status, change.from, change.to, reason,
                rollback ? null : text(decision, "kind"), request.executionArn(), request.windowStart(),
                request.windowEnd(), decision == null || rollback ? null : figuresOf(decision), watchUntil,
                rollback ? 0 : savings(decision), revisionId);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * The end of the guard period: whole UTC days strictly after the day of the change (that day mixes traffic from
     * before it), {@code watch} long, plus a margin for the usage of the period's last minutes to reach the table.
     */
    static Instant watchUntil(Instant changedAt, Duration watch) {
        Instant nextDay = changedAt.atOffset(ZoneOffset.UTC).toLocalDate().plusDays(1)
                .atStartOfDay(ZoneOffset.UTC).toInstant();
        return nextDay.plus(watch).plus(ApplySettings.INGESTION_MARGIN);
    }

    private ApplyResult resultOf(DecisionRecord r) {
        return resultOf(r, null);
    }

    private ApplyResult resultOf(DecisionRecord r, String notification) {
        boolean changed = r.status() == DecisionStatus.APPLIED || r.status() == DecisionStatus.ROLLED_BACK;
        return new ApplyResult(r.status(), r.fromMemoryMb(), r.toMemoryMb(), changed ? r.at().toString() : null,
                r.watchUntil() == null ? null : r.watchUntil().toString(), r.reason(), settings.dryRun(), null,
                notification);
    }

    private static String verb(ApplyRequest request) {
        return request.rollback() ? "roll back" : "change";
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

    /** One change: a step of an execution between two sizes (what the log keys its entries by). */
    private record Change(ApplyRequest request, DecisionStep step, int from, int to) {
    }
}
