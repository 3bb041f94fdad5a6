package io.rightsizer.aws.lambda;

import io.rightsizer.domain.function.ControlPlaneBusyException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlPlaneRetryTest {

    private static final class Throttled extends RuntimeException {
        Throttled() {
            super("Rate exceeded");
        }
    }

    private final List<Duration> pauses = new ArrayList<>();
    private final ControlPlaneRetry retry = new ControlPlaneRetry(
            new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), 4), pauses::add);

    @Test
    void retriesRetryableFailuresUntilTheCallSucceeds() {
        AtomicInteger calls = new AtomicInteger();

        String result = retry.call("GetFunction", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new Throttled();
            }
            return "ok";
        }, e -> e instanceof Throttled ? Duration.ofSeconds(2) : null);

        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
        assertThat(pauses).hasSize(2).allSatisfy(p -> assertThat(p).isGreaterThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void aFinalFailureIsRethrownAtOnce() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> retry.call("GetFunction", () -> {
            calls.incrementAndGet();
            throw new IllegalStateException("not found");
        }, e -> null)).isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasValue(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void whenEveryAttemptIsThrottledItGivesUpWithControlPlaneBusy() {
        assertThatThrownBy(() -> retry.call("UpdateFunctionConfiguration f", () -> {
            throw new Throttled();
        }, e -> Duration.ZERO))
                .isInstanceOf(ControlPlaneBusyException.class)
                .hasMessageContaining("UpdateFunctionConfiguration f still throttled or conflicting after 4 attempts");
        assertThat(pauses).hasSize(3);
    }

    @Test
    void backoffGrowsExponentiallyUnderItsCapWithFullJitter() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), 10);

        assertThat(b.delay(1, null, () -> 1.0)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delay(3, null, () -> 1.0)).isEqualTo(Duration.ofSeconds(2));
        assertThat(b.delay(9, null, () -> 1.0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(b.delay(3, null, () -> 0.25)).isEqualTo(Duration.ofMillis(500));
        assertThat(b.delay(1, Duration.ofSeconds(3), () -> 0.0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(b.delay(1, Duration.ofMinutes(5), () -> 0.0)).isEqualTo(Duration.ofSeconds(8));
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
