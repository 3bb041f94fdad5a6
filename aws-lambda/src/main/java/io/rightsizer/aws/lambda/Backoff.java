package io.rightsizer.aws.lambda;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with full jitter for the Lambda control plane, whose 15 requests per second are shared
 * with the account's own deploys.
 *
 * @param base        the first delay's upper bound
 * @param cap         no delay is longer than this
 * @param maxAttempts attempts in all, the first included
 */
public record Backoff(Duration base, Duration cap, int maxAttempts) {

    /** The default: up to 6 attempts, 0.5 s doubling, at most 8 s between attempts. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), 6);

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.isNegative() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 <= base <= cap, got " + base + " and " + cap);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
    }

    /**
     * The delay before attempt {@code attempt + 1} after {@code attempt} failed ones (1-based), never shorter than
     * a server's {@code Retry-After}.
     */
    public Duration delay(int attempt, Duration retryAfter, DoubleSupplier random) {
        long capMs = cap.toMillis();
        long exp = base.toMillis() << Math.min(attempt - 1, 20);
        long bound = Math.min(capMs, Math.max(exp, 0));
        long jittered = (long) (bound * random.getAsDouble());
        long floor = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), capMs);
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
