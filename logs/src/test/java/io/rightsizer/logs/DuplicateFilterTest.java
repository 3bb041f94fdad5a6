package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** When two reports are one invocation read twice, and when they are two invocations. */
class DuplicateFilterTest {

    private static InvocationUsage usage(String requestId, double durationMs, int maxMb, Instant time) {
        return new InvocationUsage("orders", time, requestId, null, null, durationMs, (long) Math.ceil(durationMs),
                512, maxMb, null, null);
    }

    @Test
    void theSameRequestIdWithTheSameFiguresIsOneInvocationWhateverTheTimeOrFunction() {
        DuplicateFilter filter = new DuplicateFilter();
        String id = "3f1c9a2e-7b4d-4e8f-9a0b-1c2d3e4f5a6b";

        assertThat(filter.firstSeen(usage(id, 128.83, 74, Instant.parse("2026-11-02T10:15:03Z")))).isTrue();
        assertThat(filter.firstSeen(usage(id, 128.83, 74, null))).as("the undated re-rendering").isFalse();
        assertThat(filter.firstSeen(usage(id, 128.83, 74, null).withFunction("orders-prod"))).isFalse();
        assertThat(filter.duplicates()).isEqualTo(2);
    }

    @Test
    void aTelemetryRecordAndTheRestOfItsReportLineAreOneInvocation() {
        DuplicateFilter filter = new DuplicateFilter();
        String id = "3f1c9a2e-7b4d-4e8f-9a0b-1c2d3e4f5a6b";
        InvocationUsage line = new InvocationUsage("orders", null, id, null, null, 57.62, 58, 512, 74, 166.62, null);
        InvocationUsage record = new InvocationUsage("orders", null, id, "success", null, 57.617, 58, 512, 74, 166.617,
                null);

        assertThat(filter.firstSeen(line)).isTrue();
        assertThat(filter.firstSeen(record)).as("no status on the line, three decimals in the record").isFalse();
    }

    @Test
    void theSameRequestIdWithOtherFiguresIsAnotherAttempt() {
        DuplicateFilter filter = new DuplicateFilter();
        String id = "3f1c9a2e-7b4d-4e8f-9a0b-1c2d3e4f5a6b";

        assertThat(filter.firstSeen(usage(id, 3001.44, 256, null))).isTrue();
        assertThat(filter.firstSeen(usage(id, 2987.10, 256, null))).isTrue();
        assertThat(filter.firstSeen(usage(id, 2987.10, 255, null))).isTrue();
        assertThat(filter.duplicates()).isZero();
    }

    @Test
    void aRedactedRequestIdIdentifiesNothingSoEveryReportCounts() {
        DuplicateFilter filter = new DuplicateFilter();

        for (String redacted : new String[] {"*", "<redacted>", "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
            "00000000-0000-0000-0000-000000000000", "[REDACTED]", "..."}) {
            assertThat(filter.firstSeen(usage(redacted, 20.01, 180, null))).as(redacted).isTrue();
            assertThat(filter.firstSeen(usage(redacted, 20.01, 180, null))).as(redacted).isTrue();
        }
        InvocationUsage noId = new InvocationUsage("orders", null, null, null, null, 1, 1, 128, 60, null, null);
        assertThat(filter.firstSeen(noId)).isTrue();
        assertThat(filter.firstSeen(noId)).isTrue();
    }

    @Test
    void pastTwoGenerationsOnlyTheOldestFingerprintsAreForgotten() {
        DuplicateFilter filter = new DuplicateFilter(100);
        for (int i = 0; i < 250; i++) {
            assertThat(filter.firstSeen(usage(String.format("5f0c2d1e-0000-4000-8000-%012d", i), 1, 60, null)))
                    .isTrue();
        }

        assertThat(filter.firstSeen(usage(String.format("5f0c2d1e-0000-4000-8000-%012d", 249), 1, 60, null)))
                .as("the current generation").isFalse();
        assertThat(filter.firstSeen(usage(String.format("5f0c2d1e-0000-4000-8000-%012d", 150), 1, 60, null)))
                .as("the previous generation").isFalse();
        assertThat(filter.firstSeen(usage(String.format("5f0c2d1e-0000-4000-8000-%012d", 10), 1, 60, null)))
                .as("forgotten to bound memory").isTrue();
        assertThat(filter.forgotten()).isEqualTo(100);
    }
}
