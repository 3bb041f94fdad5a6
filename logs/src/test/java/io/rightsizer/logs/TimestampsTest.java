package io.rightsizer.logs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written timestamp reader agrees with java.time. */
class TimestampsTest {

    private static Instant parse(String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return Timestamps.parse(b, 0, b.length);
    }

    @Test
    void readsTheFormsLogToolsPrint() {
        assertThat(parse("2026-11-02T10:15:03.123Z")).isEqualTo(Instant.parse("2026-11-02T10:15:03.123Z"));
        assertThat(parse("2026-11-02T10:15:03.123000+00:00")).isEqualTo(Instant.parse("2026-11-02T10:15:03.123Z"));
        assertThat(parse("2026-11-02T10:15:03.123000")).isEqualTo(Instant.parse("2026-11-02T10:15:03.123Z"));
        assertThat(parse("2026-11-02T12:15:03+02:00")).isEqualTo(Instant.parse("2026-11-02T10:15:03Z"));
        assertThat(parse("2026-11-02T05:15:03.5-0500")).isEqualTo(Instant.parse("2026-11-02T10:15:03.5Z"));
        assertThat(parse("2026-11-02T10:15:03.123456789Z")).isEqualTo(Instant.parse("2026-11-02T10:15:03.123456789Z"));
    }

    @Test
    void rejectsWhatIsNotATimestamp() {
        assertThat(parse("2026-11-02")).isNull();
        assertThat(parse("2026-13-02T10:15:03Z")).isNull();
        assertThat(parse("2026-11-02T10:15:03Q")).isNull();
        assertThat(parse("2026-11-02T10:15:03.Z")).isNull();
        assertThat(parse("REPORT RequestId")).isNull();
        assertThat(Timestamps.parse("not a time")).isNull();
        assertThat(Timestamps.parse((String) null)).isNull();
    }

    @Test
    void epochDaysMatchJavaTimeAcrossCenturiesAndLeapYears() {
        for (LocalDate d = LocalDate.of(1899, 12, 25); d.isBefore(LocalDate.of(2101, 3, 5)); d = d.plusDays(13)) {
            assertThat(Timestamps.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
                    .as(d.toString()).isEqualTo(d.toEpochDay());
        }
        assertThat(Timestamps.epochDay(2028, 2, 29)).isEqualTo(LocalDate.of(2028, 2, 29).toEpochDay());
    }
}
