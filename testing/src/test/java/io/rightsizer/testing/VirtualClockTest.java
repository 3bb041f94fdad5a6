package io.rightsizer.testing;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The run's clock: jumps forward, never back, and tells another process its offset through a file. */
class VirtualClockTest {

    private static final Instant START = Instant.parse("2026-11-01T09:00:00Z");

    @Test
    void itStartsWhereTheRunSaysAndRunsOnFromThere() {
        VirtualClock clock = VirtualClock.startingAt(START);

        assertThat(clock.instant()).isBetween(START, START.plusSeconds(5));
    }

    @Test
    void aDayPassesInAJumpAndTheOffsetFileSaysSo() throws Exception {
        VirtualClock clock = VirtualClock.startingAt(START);

        clock.advance(Duration.ofDays(1));

        assertThat(clock.instant()).isAfterOrEqualTo(START.plus(Duration.ofDays(1)));
        long offsetMs = Long.parseLong(Files.readString(clock.offsetFile()));
        assertThat(Instant.now().plusMillis(offsetMs)).isBetween(START.plus(Duration.ofDays(1)),
                START.plus(Duration.ofDays(1)).plusSeconds(5));
    }

    @Test
    void itNeverGoesBack() {
        VirtualClock clock = VirtualClock.startingAt(START.plus(Duration.ofDays(2)));

        clock.advanceTo(START);

        assertThat(clock.instant()).isAfterOrEqualTo(START.plus(Duration.ofDays(2)));
    }
}
