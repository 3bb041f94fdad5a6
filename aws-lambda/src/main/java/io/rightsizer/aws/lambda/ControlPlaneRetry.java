package io.rightsizer.aws.lambda;

import io.rightsizer.domain.function.ControlPlaneBusyException;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs one control-plane call with {@link Backoff}: the adapters' SDK clients do not retry themselves, so every
 * request made is one this class chose to make (and the call count per change stays knowable).
 */
public final class ControlPlaneRetry {

    /** Pauses between attempts; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final Backoff backoff;
    private final Sleeper sleeper;

    public ControlPlaneRetry(Backoff backoff, Sleeper sleeper) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Real pauses of {@link Backoff#DEFAULT}. */
    public static ControlPlaneRetry standard() {
        return new ControlPlaneRetry(Backoff.DEFAULT, d -> Thread.sleep(d.toMillis()));
    }

    /**
     * Calls until success, a failure {@code retryAfter} does not call retryable, or the attempts run out.
     *
     * @param what       names the call in the error message
     * @param retryAfter maps a failure to the least pause before the next attempt ({@link Duration#ZERO} when the
     *                   server gave none), or to {@code null} when the failure is final
     * @throws ControlPlaneBusyException when every attempt failed with a retryable failure
     */
    public <T> T call(String what, Supplier<T> call, Function<RuntimeException, Duration> retryAfter) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= backoff.maxAttempts(); attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                Duration hint = retryAfter.apply(e);
                if (hint == null) {
                    throw e;
                }
                last = e;
                if (attempt < backoff.maxAttempts()) {
                    pause(backoff.delay(attempt, hint, () -> ThreadLocalRandom.current().nextDouble()));
                }
            }
        }
        throw new ControlPlaneBusyException(what + " still throttled or conflicting after " + backoff.maxAttempts()
                + " attempts: " + last.getMessage(), last);
    }

    private void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ControlPlaneBusyException("interrupted while backing off", e);
        }
    }
}
