package io.rightsizer.evaluate;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.decision.DecisionLog;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.domain.decision.DecisionStep;
import io.rightsizer.domain.fold.WindowFigures;
import io.rightsizer.domain.cost.MonthlyCost;
import io.rightsizer.domain.function.ChangeMode;
import io.rightsizer.domain.function.FunctionConfig;
import io.rightsizer.domain.function.FunctionNotFoundException;
import io.rightsizer.domain.function.FunctionOverrides;
import io.rightsizer.domain.function.InvalidOverrideException;
import io.rightsizer.domain.function.ModeRule;
import io.rightsizer.domain.policy.ChangeHistory;
import io.rightsizer.domain.policy.Decision;
import io.rightsizer.domain.policy.DecisionKind;
import io.rightsizer.domain.policy.LastIncrease;
import io.rightsizer.domain.policy.RolledBackSize;
import io.rightsizer.domain.policy.SizingPolicy;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.UsageStore;
import io.rightsizer.domain.verify.Verdict;
import io.rightsizer.domain.verify.Verification;
import io.rightsizer.domain.verify.WatchComparison;
import io.rightsizer.domain.window.WholeDays;
import io.rightsizer.domain.window.WindowEvidence;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides a function's window with the core policy from the right days (whole UTC days of the window, at the current
 * size, minus the sizes that failed recently), and judges a change after its guard period.
 */
public final class WindowEvaluation {

    /** How many of a function's latest audit entries are read for its rollbacks (a window writes at most a few). */
    private static final int HISTORY_ENTRIES = 200;

    private final Function<String, FunctionConfig> functions;
    private final UsageStore store;
    private final DecisionLog decisions;
    private final EvaluateSettings settings;
    private final Clock clock;

    /**
     * @param functions reads a function's configuration and tags by ARN (GetFunction)
     * @param store     the day items
     * @param decisions the audit trail: the sizes rolled back, and the changes an execution made
     */
    public WindowEvaluation(Function<String, FunctionConfig> functions, UsageStore store, DecisionLog decisions,
                            EvaluateSettings settings, Clock clock) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.store = Objects.requireNonNull(store, "store");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * The policy's decision for the window, with the function's override tags in force and its mode applied;
     * EXCLUDED or GONE without reading the window, KEEP on an override tag that holds no valid value.
     */
    public EvaluateResult evaluate(EvaluateRequest request) {
        FunctionConfig config;
        try {
            config = functions.apply(request.functionArn());
        } catch (FunctionNotFoundException deleted) {
            return EvaluateResult.gone("the function no longer exists (deleted during its window): nothing to size");
        }
        CostModel cost = new CostModel(config.architecture());
        Optional<String> excluded = settings.exclusion().reason(config);
        if (excluded.isPresent()) {
            return result(EvaluateResult.EXCLUDED, Decision.excluded(config.memorySizeMb(), excluded.get()),
                    excluded.get(), config, null);
        }
        FunctionOverrides overrides;
        try {
            overrides = FunctionOverrides.fromTags(config.tags());
        } catch (InvalidOverrideException bad) {
            // A tag meant to limit Rightsizer that cannot be read must not be guessed at: change nothing.
            String reason = bad.getMessage() + ": keeping " + config.memorySizeMb() + " MB and changing nothing"
                    + " until the tag is fixed";
            return result(EvaluateResult.KEEP, new Decision(DecisionKind.KEEP, config.memorySizeMb(),
                    config.memorySizeMb(), 0, 0, reason, WindowFigures.of(List.of()), new MonthlyCost(0, 0)),
                    reason, config, null);
        }
        ModeRule.Resolved mode = settings.modes().resolve(config, overrides);
        WindowEvidence evidence = WindowEvidence.at(config.memorySizeMb(), windowDays(request));
        Decision decision = new SizingPolicy(overrides.applyTo(settings.policy()), cost)
                .decide(WindowFigures.of(evidence.days()), config.memorySizeMb(), history(request.functionArn()));
        decision = atLeast(decision, overrides, cost);
        String reason = decision.reason();
        if (!overrides.sizeNotes().isEmpty()) {
            reason += " (" + String.join(", ", overrides.sizeNotes()) + ")";
        }
        if (evidence.sizeChanged()) {
            reason = evidence.note() + ": " + reason;
            if (decision.kind() == DecisionKind.INSUFFICIENT_DATA) {
                reason += "; the window starts over with the next report";
            }
        }
        String action = action(decision.kind());
        if (decision.kind().changesMemory() && mode.mode() == ChangeMode.RECOMMEND) {
            action = EvaluateResult.RECOMMEND;
            reason += "; recommend mode (" + mode.where() + "): recorded, not applied"
                    + (overrides.mode().isPresent() ? "" : "; tag the function " + FunctionOverrides.MODE_TAG
                    + "=apply to let Rightsizer change it");
        } else if (decision.kind().changesMemory() && evidence.ranPublishedVersions()) {
            // UpdateFunctionConfiguration changes $LATEST only: traffic on published versions would not see it.
            action = EvaluateResult.RECOMMEND;
            reason += "; live traffic ran on published version" + (evidence.publishedVersions().size() == 1 ? " " : "s ")
                    + String.join(", ", evidence.publishedVersions()) + ", which keep their own memory: set "
                    + decision.recommendedMemoryMb() + " MB in your deployment (and publish a version); Rightsizer"
                    + " changes only $LATEST, so it records this recommendation instead";
        }
        return result(action, decision, reason, config, mode.mode().id());
    }

    /**
     * The function's own minimum ({@code rightsizer:min-mb}) on top of the policy: a decision that would leave it below
     * goes to the minimum instead (a decrease stops there, a size below it is raised). The upper limit and the headroom
     * are the policy's own knobs ({@link FunctionOverrides#applyTo}); too little data stays too little data.
     */
    private static Decision atLeast(Decision d, FunctionOverrides overrides, CostModel cost) {
        if (overrides.minMb().isEmpty() || d.recommendedMemoryMb() >= overrides.minMb().get()
                || !(d.kind().changesMemory() || d.kind() == DecisionKind.KEEP)) {
            return d;
        }
        int min = overrides.minMb().get();
        int current = d.currentMemoryMb();
        DecisionKind kind = min < current ? DecisionKind.DECREASE : min > current ? DecisionKind.INCREASE
                : DecisionKind.KEEP;
        String then = switch (kind) {
            case DECREASE -> "lower " + current + " MB to " + min + " MB only";
            case INCREASE -> "raise " + current + " MB to " + min + " MB";
            default -> "keeping " + current + " MB";
        };
        return new Decision(kind, current, min, d.seedMb(), d.floorMb(), d.reason() + "; but never below " + min
                + " MB, the minimum from tag " + FunctionOverrides.MIN_MB_TAG + ": " + then, d.figures(),
                cost.estimate(d.figures(), current, min));
    }

    /**
     * Judges a change after its guard period. The watch period is the whole UTC days strictly after the day of the
     * change that are complete by the end of the guard period (and by now): the day of the change mixes traffic from
     * before it, such as the out-of-memory errors an increase answers, which must not count against the change. Only
     * days at the new size are evidence of it; the window is compared at the size it was evaluated at.
     */
    public VerifyResult verify(EvaluateRequest request) {
        int from = request.fromMemoryMb();
        int to = request.toMemoryMb();
        WindowFigures window = WindowFigures.of(WindowEvidence.at(request.baselineMemoryMb(), windowDays(request))
                .days());
        LocalDate first = WholeDays.day(request.applied()).plusDays(1);
        LocalDate lastComplete = WholeDays.day(clock.instant()).minusDays(1);
        LocalDate last = request.watchEnd().map(end -> WholeDays.day(end).minusDays(1))
                .filter(d -> d.isBefore(lastComplete)).orElse(lastComplete);
        List<DailyUsage> watchDays = last.isBefore(first) ? List.of()
                : store.readDays(request.functionArn(), first, last);
        Verification v = new WatchComparison(settings.verify()).judge(window, watchDays, from, to,
                furtherIncreases(request));
        EvaluateResult raise = null;
        if (v.verdict() == Verdict.RAISE) {
            raise = raise(request, v);
            if (raise == null) {
                return new VerifyResult(Verdict.KEEP.name(), v.reason() + ", but " + to + " MB is already the upper"
                        + " limit (" + settings.policy().maxMemoryMb() + " MB); keeping it", Figures.of(v.window()),
                        Figures.of(v.watch()), null);
            }
        }
        return new VerifyResult(v.verdict().name(), v.reason(), Figures.of(v.window()), Figures.of(v.watch()), raise);
    }

    /**
     * The further increase: the policy's own under-provisioned rule on the watched days at the new size (a day of
     * out-of-memory errors is enough to know the size is too small), told which increase was not enough, so that it
     * steps further than that one did.
     */
    private EvaluateResult raise(EvaluateRequest request, Verification v) {
        Architecture architecture = request.architecture() == null ? Architecture.X86_64
                : Architecture.parse(request.architecture());
        ChangeHistory notEnough = new ChangeHistory(List.of(),
                new LastIncrease(request.fromMemoryMb(), request.toMemoryMb(), request.applied()));
        Decision d = new SizingPolicy(raiseOverrides(request).applyTo(settings.policy()), new CostModel(architecture))
                .underProvisioned(v.watch(), request.toMemoryMb(), notEnough);
        if (d.kind() != DecisionKind.INCREASE) {
            return null;
        }
        return new EvaluateResult(EvaluateResult.APPLY, d.kind().name(), d.currentMemoryMb(), d.recommendedMemoryMb(),
                "after the increase from " + request.fromMemoryMb() + " MB, " + d.reason(), null,
                architecture.lambdaName(), Figures.of(d.figures()), cost(d), ChangeMode.APPLY.id());
    }

    /**
     * The function's upper limit holds for a further increase too: its tags are read again (only when one is due). A
     * tag that became unreadable since Evaluate, or a function that is gone, leaves the deployment's limits.
     */
    private FunctionOverrides raiseOverrides(EvaluateRequest request) {
        try {
            return FunctionOverrides.fromTags(functions.apply(request.functionArn()).tags());
        } catch (InvalidOverrideException | FunctionNotFoundException e) {
            return FunctionOverrides.NONE;
        }
    }

    /** Increases this execution made after its first change (each one a watched change of its own). */
    private int furtherIncreases(EvaluateRequest request) {
        long applied = decisions.ofExecution(request.functionArn(), request.executionArn()).stream()
                .filter(r -> r.step() == DecisionStep.APPLY && r.status() == DecisionStatus.APPLIED).count();
        return (int) Math.max(0, applied - 1);
    }

    /**
     * What the policy learns from the audit log: the sizes rolled back within the remembered period (it never
     * decreases to them or below) and the latest increase that was kept (if the function still runs out of memory at
     * its size, the next step is larger than that one).
     */
    private ChangeHistory history(String functionArn) {
        Instant since = clock.instant().minus(settings.rememberRollbacks());
        List<DecisionRecord> recent = decisions.recent(functionArn, HISTORY_ENTRIES);
        List<RolledBackSize> failed = recent.stream()
                .filter(r -> r.status() == DecisionStatus.ROLLED_BACK && r.at().isAfter(since))
                .map((DecisionRecord r) -> new RolledBackSize(r.fromMemoryMb(), r.at()))
                .toList();
        LastIncrease lastIncrease = recent.stream()
                .filter(r -> r.step() == DecisionStep.APPLY && r.status() == DecisionStatus.APPLIED
                        && r.toMemoryMb() > r.fromMemoryMb())
                .filter(r -> recent.stream().noneMatch(b -> b.status() == DecisionStatus.ROLLED_BACK
                        && b.executionArn().equals(r.executionArn())))
                .findFirst()
                .map(r -> new LastIncrease(r.fromMemoryMb(), r.toMemoryMb(), r.at()))
                .orElse(null);
        return new ChangeHistory(failed, lastIncrease);
    }

    /** The window's whole UTC days: a day that began before the window or ends after it holds traffic outside it. */
    private List<DailyUsage> windowDays(EvaluateRequest request) {
        WholeDays days = WholeDays.within(request.start(), request.end());
        return days.isEmpty() ? List.of() : store.readDays(request.functionArn(), days.first(), days.last());
    }

    private static EvaluateResult result(String action, Decision decision, String reason, FunctionConfig config,
                                         String mode) {
        return new EvaluateResult(action, decision.kind().name(), decision.currentMemoryMb(),
                decision.recommendedMemoryMb(), reason, config.revisionId(), config.architecture().lambdaName(),
                Figures.of(decision.figures()), cost(decision), mode);
    }

    private static EvaluateResult.Cost cost(Decision d) {
        return new EvaluateResult.Cost(Figures.round(d.cost().current(), 4), Figures.round(d.cost().recommended(), 4),
                Figures.round(d.cost().savings(), 4));
    }

    static String action(DecisionKind kind) {
        return switch (kind) {
            case DECREASE, INCREASE -> EvaluateResult.APPLY;
            case KEEP -> EvaluateResult.KEEP;
            case INSUFFICIENT_DATA -> "INSUFFICIENT_DATA";
            case EXCLUDED -> EvaluateResult.EXCLUDED;
        };
    }
}
