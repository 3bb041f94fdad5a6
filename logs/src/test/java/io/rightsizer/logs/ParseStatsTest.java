package io.rightsizer.logs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Counting what a parse saw. */
class ParseStatsTest {

    @Test
    void countsKindsSortedAndMergesOtherStats() {
        ParseStats a = new ParseStats();
        a.count("start");
        a.count("end");
        a.countReport();
        ParseStats b = new ParseStats();
        b.count("start", 2);
        b.countReport();
        b.malformed(7, "report without Duration", "REPORT RequestId: x");

        a.merge(b);

        assertThat(a.reports()).isEqualTo(2);
        assertThat(a.skipped()).containsExactly(
                org.assertj.core.api.Assertions.entry("end", 1L),
                org.assertj.core.api.Assertions.entry("malformed", 1L),
                org.assertj.core.api.Assertions.entry("start", 3L));
        assertThat(a.skipped("start")).isEqualTo(3);
        assertThat(a.skipped("never")).isZero();
        assertThat(a.totalSkipped()).isEqualTo(5);
        assertThat(a.malformedSamples()).singleElement().hasToString("line 7: report without Duration [REPORT RequestId: x]");
        assertThat(a).hasToString("2 reports; skipped 5 {end=1, malformed=1, start=3}");
    }

    @Test
    void keepsOnlyTheFirstFewSamplesButCountsAll() {
        ParseStats stats = new ParseStats();
        for (int i = 1; i <= 20; i++) {
            stats.malformed(i, "bad", "x\ty");
        }

        assertThat(stats.skipped("malformed")).isEqualTo(20);
        assertThat(stats.malformedSamples()).hasSize(ParseStats.MAX_SAMPLES);
        assertThat(stats.malformedSamples().get(0).excerpt()).isEqualTo("x\\ty");
    }

    @Test
    void rejectsBlankKindsAndNegativeCounts() {
        ParseStats stats = new ParseStats();
        assertThatThrownBy(() -> stats.count(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stats.count("start", -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
