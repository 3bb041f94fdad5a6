package io.rightsizer.domain.window;

import io.rightsizer.domain.function.FunctionRef;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes sure a function that reports has an open window: the first report (or the first after the last window
 * closed) claims the {@code WINDOW} item with a conditional write and starts the window's execution.
 *
 * <p>Crash safety: the claim is written as STARTING before the execution is started and marked STARTED after; a
 * claim found STARTING is started again with the same name and input, which Step Functions treats as the same
 * execution while it runs. A small bounded cache keeps warm instances from reading windows they know are open.
 * Thread-safe.
 */
public final class WindowCoordinator {

    private static final int MAX_CLAIM_ATTEMPTS = 4;

    private final WindowStore store;
    private final WindowStarter starter;
    private final WindowSettings settings;
    private final Clock clock;
    private final Map<String, Instant> openUntil;

    public WindowCoordinator(WindowStore store, WindowStarter starter, WindowSettings settings, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.starter = Objects.requireNonNull(starter, "starter");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        int capacity = settings.cacheSize();
        this.openUntil = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Ensures {@code function} has an open window, claiming and starting one that begins at {@code firstReport}
     * (truncated to the minute) when it has none.
     *
     * @throws RuntimeException when the store or Step Functions fail transiently; calling again heals
     */
    public WindowOutcome ensureWindow(FunctionRef function, Instant firstReport) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(firstReport, "firstReport");
        Instant now = clock.instant();
        if (known(function.functionArn(), now)) {
            return WindowOutcome.KNOWN;
        }
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++) {
            Optional<WindowClaim> current = store.read(function.functionArn());
            if (current.isPresent() && !current.get().closed(now, settings.closeGrace())) {
                WindowClaim claim = current.get();
                if (claim.state() == WindowState.STARTED || claim.startError() != null) {
                    remember(claim, now);
                    return WindowOutcome.OPEN;
                }
                return start(claim, WindowOutcome.RESUMED, now);
            }
            WindowClaim next = nextClaim(function, firstReport, current.orElse(null), now);
            if (store.claim(next, current.map(WindowClaim::cycle).orElse(null), now)) {
                return start(next, WindowOutcome.STARTED, now);
            }
            // Another batch claimed first: read its claim and join it.
        }
        throw new WindowClaimContentionException("window claim of " + function.functionArn() + " kept changing under "
                + MAX_CLAIM_ATTEMPTS + " attempts");
    }

    /** Forgets every remembered window (for tests and benchmarks that simulate a cold instance). */
    public void forget() {
        synchronized (openUntil) {
            openUntil.clear();
        }
    }

    private WindowClaim nextClaim(FunctionRef function, Instant firstReport, WindowClaim previous, Instant now) {
        // Clock skew must not start a window in the future.
        Instant start = (firstReport.isAfter(now) ? now : firstReport).truncatedTo(ChronoUnit.MINUTES);
        // Late reports must not start a window that overlaps the last one: it starts exactly at the last one's end
        // (which carries the function's offset, to the second).
        if (previous != null && start.isBefore(previous.windowEnd())) {
            start = previous.windowEnd();
        }
        long cycle = previous == null ? 1 : previous.cycle() + 1;
        return WindowClaim.starting(function, cycle, start, settings.windowEnd(function, start));
    }

    private WindowOutcome start(WindowClaim claim, WindowOutcome onSuccess, Instant now) {
        WindowExecution execution = new WindowExecution(claim.function(), claim.cycle(), claim.windowStart(),
                claim.windowEnd());
        StartResult result = starter.start(execution);
        String arn = claim.function().functionArn();
        switch (result.status()) {
            case STARTED -> {
                store.markStarted(arn, claim.cycle(), result.executionArn(), now);
                remember(claim, now);
                return onSuccess;
            }
            case ALREADY_EXISTS -> {
                store.markStarted(arn, claim.cycle(), result.executionArn(), now);
                remember(claim, now);
                return WindowOutcome.ALREADY_EXISTS;
            }
            default -> {
                store.markStartRefused(arn, claim.cycle(), result.detail(), now);
                remember(claim, now);
                return WindowOutcome.REFUSED;
            }
        }
    }

    private boolean known(String functionArn, Instant now) {
        synchronized (openUntil) {
            Instant until = openUntil.get(functionArn);
            return until != null && now.isBefore(until);
        }
    }

    /** Until its end a started window cannot close; after it, look again now and then. */
    private void remember(WindowClaim claim, Instant now) {
        Instant recheck = now.plus(settings.recheckInterval());
        Instant until = claim.windowEnd().isAfter(recheck) ? claim.windowEnd() : recheck;
        synchronized (openUntil) {
            openUntil.put(claim.function().functionArn(), until);
        }
    }
}
