package io.rightsizer.domain.window;

import io.rightsizer.domain.usage.DailyUsage;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class WindowEvidenceTest {

    private static final String FN = "arn:aws:lambda:us-east-1:123456789012:function:orders";
    private static final LocalDate D1 = LocalDate.parse("2026-11-02");

    private static DailyUsage day(LocalDate day, Map<Integer, Integer> bySize, Set<String> versions) {
        int last = new TreeMap<>(bySize).lastKey();
        return new DailyUsage(FN, day, 0, last, 100, 0, 0, 0, 1000, 1000, 1, null, new TreeMap<>(bySize),
                new TreeSet<>(versions));
    }

    @Test
    void onlyDaysWhoseEveryReportRanAtTheSizeAreEvidenceForIt() {
        WindowEvidence e = WindowEvidence.at(1024, List.of(
                day(D1, Map.of(512, 512), Set.of()),
                day(D1.plusDays(1), Map.of(512, 512, 1024, 700), Set.of()),
                day(D1.plusDays(2), Map.of(1024, 650), Set.of()),
                day(D1.plusDays(3), Map.of(1024, 640), Set.of())));

        assertThat(e.days()).extracting(DailyUsage::day).containsExactly(D1.plusDays(2), D1.plusDays(3));
        assertThat(e.sizeChanged()).isTrue();
        assertThat(e.otherSizes()).containsExactly(512);
        assertThat(e.note()).isEqualTo("the memory was changed outside Rightsizer during the window (1 day at 512 MB,"
                + " 1 day at more than one size, left out: evidence at one size says nothing about another); deciding"
                + " from the 2 days at 1024 MB only");
    }

    @Test
    void aWindowAtOneSizeHasNothingToSay() {
        WindowEvidence e = WindowEvidence.at(1024, List.of(day(D1, Map.of(1024, 300), Set.of("$LATEST"))));

        assertThat(e.sizeChanged()).isFalse();
        assertThat(e.note()).isEmpty();
        assertThat(e.ranPublishedVersions()).isFalse();
    }

    @Test
    void publishedVersionsAreNamedAndLatestIsNot() {
        WindowEvidence e = WindowEvidence.at(1024, List.of(day(D1, Map.of(1024, 300), Set.of("$LATEST", "7")),
                day(D1.plusDays(1), Map.of(1024, 300), Set.of("8"))));

        assertThat(e.ranPublishedVersions()).isTrue();
        assertThat(e.publishedVersions()).containsExactly("7", "8");
    }

    @Test
    void theWholeDaysOfAWindowLeaveOutTheHoursBeforeItsStartAndAfterItsEnd() {
        WholeDays days = WholeDays.within(Instant.parse("2026-11-02T00:11:00Z"), Instant.parse("2026-11-16T00:11:00Z"));

        assertThat(days.first()).isEqualTo(LocalDate.parse("2026-11-03"));
        assertThat(days.last()).isEqualTo(LocalDate.parse("2026-11-15"));
        assertThat(days.count()).isEqualTo(13);
        assertThat(WholeDays.within(Instant.parse("2026-11-02T00:00:00Z"), Instant.parse("2026-11-16T00:00:00Z"))
                .count()).isEqualTo(14);
        assertThat(WholeDays.within(Instant.parse("2026-11-02T08:00:00Z"), Instant.parse("2026-11-02T20:00:00Z"))
                .isEmpty()).isTrue();
    }

    @Test
    void theCloseGraceCoversEveryWatchAnExecutionCanHold() {
        // One day of guard: (1 + 1 aligned day) x (the change + 2 further increases) + retries + margin.
        assertThat(WindowSettings.minimumCloseGrace(java.time.Duration.ofDays(1)).toDays()).isEqualTo(8);
        assertThat(WindowSettings.minimumCloseGrace(java.time.Duration.ZERO).toDays()).isEqualTo(5);
        assertThat(WindowSettings.minimumCloseGrace(java.time.Duration.ofSeconds(86_401)).toDays()).isEqualTo(11);
        assertThat(WindowSettings.DEFAULT_CLOSE_GRACE).isEqualTo(java.time.Duration.ofDays(8));
    }
}
