package io.rightsizer.logs;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The timestamp nearest the end of a prefix, whatever surrounds it. */
class TimeScanTest {

    private static Instant scan(TimeScan scan, String prefix) {
        byte[] b = prefix.getBytes(StandardCharsets.ISO_8859_1);
        scan.scan(b, 0, b.length);
        return scan.time;
    }

    @Test
    void theLastTimestampOfThePrefixIsTheNearest() {
        assertThat(scan(new TimeScan(), "2024-04-05 20:17:51,004 shipper: 2024-04-05T20:17:50.208Z "))
                .isEqualTo(Instant.parse("2024-04-05T20:17:50.208Z"));
    }

    @Test
    void consecutiveLinesOfOneHourAndTheNextHourAndOffsetsReadRight() {
        TimeScan scan = new TimeScan();

        assertThat(scan(scan, "2026-10-01T23:59:58.100000+00:00 ")).isEqualTo(Instant.parse("2026-10-01T23:59:58.100Z"));
        assertThat(scan(scan, "2026-10-01T23:59:59.900000+00:00 ")).isEqualTo(Instant.parse("2026-10-01T23:59:59.900Z"));
        assertThat(scan(scan, "2026-10-01 23:00:00 UTC ")).isEqualTo(Instant.parse("2026-10-01T23:00:00Z"));
        assertThat(scan(scan, "2026-10-02T00:00:00.000Z ")).isEqualTo(Instant.parse("2026-10-02T00:00:00Z"));
        assertThat(scan(scan, "2026-10-02T00:30:00+02:00[    fn] ")).isEqualTo(Instant.parse("2026-10-01T22:30:00Z"));
        assertThat(scan(scan, "2026-10-02 00:30:00.101 (+02:00)\t")).isEqualTo(Instant.parse("2026-10-01T22:30:00.101Z"));
    }

    @Test
    void aTimeOfDayWithoutADateAndDigitsInsideWordsDateNothing() {
        assertThat(scan(new TimeScan(), "[20:17:50]   ")).isNull();
        assertThat(scan(new TimeScan(), "2026/11/02/[$LATEST]ab1793620801302cd ")).isNull();
        assertThat(scan(new TimeScan(), "|  1712348270311 |  ")).isEqualTo(Instant.ofEpochMilli(1712348270311L));
    }

    @Test
    void anImpossibleDateIsNoTimestamp() {
        assertThat(scan(new TimeScan(), "2026-13-01T10:00:00Z ")).isNull();
        assertThat(scan(new TimeScan(), "2026-12-01T24:00:00Z ")).isNull();
    }
}
