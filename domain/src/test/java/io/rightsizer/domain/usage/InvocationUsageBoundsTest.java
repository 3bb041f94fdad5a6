package io.rightsizer.domain.usage;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A report is only usage when its figures are ones Lambda can write: every decoder gets these bounds. */
class InvocationUsageBoundsTest {

    private static final Instant T = Instant.parse("2026-11-02T08:00:00Z");

    private static InvocationUsage usage(double duration, long billed, int size, int used, Double init,
                                         Double restore) {
        return new InvocationUsage("orders", T, "r", "success", null, duration, billed, size, used, init, restore);
    }

    @Test
    void figuresLambdaWritesAreAccepted() {
        assertThat(usage(0.98, 1, 128, 64, null, null).memorySizeMb()).isEqualTo(128);
        assertThat(usage(900_003.27, 900_004, 10_240, 10_240, 9_999.0, null).maxMemoryUsedMb()).isEqualTo(10_240);
        assertThat(usage(12.5, 13, 3008, 0, null, 120.0).restoreDurationMs()).isEqualTo(120.0);
    }

    @Test
    void nonFiniteDurationsAreRefused() {
        assertThatThrownBy(() -> usage(Double.NaN, 1, 512, 100, null, null)).hasMessageContaining("duration");
        assertThatThrownBy(() -> usage(Double.POSITIVE_INFINITY, 1, 512, 100, null, null))
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> usage(1, 1, 512, 100, Double.NaN, null)).hasMessageContaining("init");
        assertThatThrownBy(() -> usage(1, 1, 512, 100, null, Double.NEGATIVE_INFINITY))
                .hasMessageContaining("restore");
    }

    @Test
    void durationsBeyondLambdasFifteenMinutesPlusInitAreRefused() {
        assertThatThrownBy(() -> usage(1e200, 1, 512, 100, null, null)).hasMessageContaining("duration");
        assertThatThrownBy(() -> usage(1, 999_999_999_999_999_999L, 512, 100, null, null))
                .hasMessageContaining("billed");
        assertThatThrownBy(() -> usage(86_400_000.0 * 365, 1, 512, 100, null, null))
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> usage(1, 1, 512, 100, 3_600_000.0, null)).hasMessageContaining("init");
    }

    @Test
    void negativeFiguresNegativeZeroIncludedAreRefused() {
        assertThatThrownBy(() -> usage(-1, 1, 512, 100, null, null)).hasMessageContaining("duration");
        assertThatThrownBy(() -> usage(-0.0, 1, 512, 100, null, null)).hasMessageContaining("duration");
        assertThatThrownBy(() -> usage(1, -1, 512, 100, null, null)).hasMessageContaining("billed");
        assertThatThrownBy(() -> usage(1, 1, 512, -1, null, null)).hasMessageContaining("max memory used");
    }

    @Test
    void memorySizesLambdaDoesNotAllowAreRefused() {
        for (int size : new int[] {0, 3, 127, 10_241, 20_000, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> usage(1, 1, size, 1, null, null)).as("size %d", size)
                    .hasMessageContaining("memory size");
        }
    }

    @Test
    void aPeakAboveTheConfiguredSizeIsRefused() {
        assertThatThrownBy(() -> usage(1, 1, 512, 513, null, null))
                .hasMessageContaining("max memory used 513 MB is above the memory size 512 MB");
    }
}
