package io.rightsizer.evaluate;

import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.fold.WindowFigures;
import io.rightsizer.domain.function.FunctionConfig;
import io.rightsizer.domain.policy.Decision;
import io.rightsizer.domain.policy.DecisionKind;
import io.rightsizer.domain.policy.SizingPolicy;
import io.rightsizer.domain.usage.DailyUsage;
import io.rightsizer.domain.usage.UsageStore;
import io.rightsizer.domain.verify.Verification;
import io.rightsizer.domain.verify.WatchComparison;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Decides a function's window with the core policy, and judges a change after its guard period. */
public final class WindowEvaluation {

    private final Function<String, FunctionConfig> functions;
    private final UsageStore store;
    private final EvaluateSettings settings;
    private final Clock clock;

    /**
     * @param functions reads a function's configuration and tags by ARN (GetFunction)
     */
    public WindowEvaluation(Function<String, FunctionConfig> functions, UsageStore store, EvaluateSettings settings,
                            Clock clock) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.store = Objects.requireNonNull(store, "store");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The policy's decision for the window, or EXCLUDED without reading the window. */
    public EvaluateResult evaluate(EvaluateRequest request) {
        FunctionConfig config = functions.apply(request.functionArn());
        CostModel cost = new CostModel(config.architecture());
        Optional<String> excluded = settings.exclusion().reason(config);
        Decision decision = excluded.isPresent()
                ? Decision.excluded(config.memorySizeMb(), excluded.get())
                : new SizingPolicy(settings.policy(), cost).decide(windowDays(request), config.memorySizeMb());
        return new EvaluateResult(action(decision.kind()), decision.kind().name(), decision.currentMemoryMb(),
                decision.recommendedMemoryMb(), decision.reason(), config.revisionId(),
                config.architecture().lambdaName(), Figures.of(decision.figures()),
                new EvaluateResult.Cost(Figures.round(decision.cost().current(), 4),
                        Figures.round(decision.cost().recommended(), 4), Figures.round(decision.cost().savings(), 4)));
    }

    /**
     * Compares the watch period with the window. The watch period is the whole UTC days strictly after the day of the
     * change that are complete by the end of the guard period (and by now): the day of the change mixes traffic from
     * before it, such as the out-of-memory errors an increase answers, which must not count against the change.
     */
    public VerifyResult verify(EvaluateRequest request) {
        WindowFigures window = WindowFigures.of(windowDays(request));
        LocalDate first = day(request.applied()).plusDays(1);
        LocalDate lastComplete = day(clock.instant()).minusDays(1);
        LocalDate last = request.watchEnd().map(end -> day(end).minusDays(1))
                .filter(d -> d.isBefore(lastComplete)).orElse(lastComplete);
        WindowFigures watch = WindowFigures.of(last.isBefore(first) ? List.of()
                : store.readDays(request.functionArn(), first, last));
        Verification v = new WatchComparison(settings.verify()).compare(window, watch, request.fromMemoryMb(),
                request.toMemoryMb());
        return new VerifyResult(v.verdict().name(), v.reason(), Figures.of(v.window()), Figures.of(v.watch()));
    }

    /** The window's days: from the start's day to the day of the last instant before the end. */
    private List<DailyUsage> windowDays(EvaluateRequest request) {
        return store.readDays(request.functionArn(), day(request.start()), day(request.end().minusNanos(1)));
    }

    private static LocalDate day(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    static String action(DecisionKind kind) {
        return switch (kind) {
            case DECREASE, INCREASE -> "APPLY";
            case KEEP -> "KEEP";
            case INSUFFICIENT_DATA -> "INSUFFICIENT_DATA";
            case EXCLUDED -> "EXCLUDED";
        };
    }
}
