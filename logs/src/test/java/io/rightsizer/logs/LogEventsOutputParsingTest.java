package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.logs.ParseFixtures.Parsed;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.rightsizer.logs.ParseFixtures.parseResource;
import static org.assertj.core.api.Assertions.assertThat;

/** The JSON the AWS CLI prints for {@code aws logs get-log-events} and {@code filter-log-events}. */
class LogEventsOutputParsingTest {

    @Test
    void getLogEventsOutputWhenParsedThenEachEventsTimestampDatesItsReport() {
        Parsed parsed = parseResource("cli/get-log-events.json", "orders-api");

        assertThat(parsed.usages()).extracting(InvocationUsage::time).containsExactly(
                Instant.parse("2026-11-02T12:00:01.302Z"), Instant.parse("2026-11-03T10:00:01.302Z"));
        assertThat(parsed.usages()).extracting(InvocationUsage::function).containsOnly("orders-api");
        assertThat(parsed.usages().get(0).initDurationMs()).isEqualTo(889.12);
        assertThat(parsed.stats().skipped("start")).isEqualTo(1);
        assertThat(parsed.stats().skipped("end")).isEqualTo(1);
    }

    @Test
    void filterLogEventsOutputWhenParsedThenReportsAreRead() {
        Parsed parsed = parseResource("cli/filter-log-events.json", "orders-api");

        assertThat(parsed.usages()).extracting(InvocationUsage::maxMemoryUsedMb).containsExactly(201, 204);
        assertThat(parsed.stats().skipped()).isEmpty();
    }

    @Test
    void getLogEventsAsTextWhenParsedThenTheTrailingTimestampDatesEachReport() {
        String ingestion = "1793620801320";
        Parsed parsed = ParseFixtures.parseText(
                "EVENTS\t" + ingestion + "\tSTART RequestId: r1 Version: $LATEST\n\t1793620800991\n"
                + "EVENTS\t" + ingestion + "\tREPORT RequestId: r1\tDuration: 310.52 ms\tBilled Duration: 1200 ms\t"
                + "Memory Size: 512 MB\tMax Memory Used: 201 MB\t\n\t1793620801302\n", "orders-api");

        InvocationUsage usage = parsed.only();
        assertThat(usage.time()).isEqualTo(Instant.parse("2026-11-02T12:00:01.302Z"));
        assertThat(usage.maxMemoryUsedMb()).isEqualTo(201);
        assertThat(parsed.stats().skipped("start")).isEqualTo(1);
    }

    @Test
    void severalPagesConcatenatedWhenParsedThenEveryPageIsRead() {
        byte[] page = ParseFixtures.bytes("cli/get-log-events.json");
        byte[] twoPages = new byte[page.length * 2];
        System.arraycopy(page, 0, twoPages, 0, page.length);
        System.arraycopy(page, 0, twoPages, page.length, page.length);

        assertThat(ParseFixtures.parse(twoPages, "f").usages()).hasSize(4);
    }
}
