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
    void severalPagesConcatenatedWhenParsedThenEveryPageIsReadAndARepeatedPageCountsOnce() {
        byte[] page = ParseFixtures.bytes("cli/get-log-events.json");
        byte[] filter = ParseFixtures.bytes("cli/filter-log-events.json");
        byte[] pages = new byte[page.length * 2 + filter.length];
        System.arraycopy(page, 0, pages, 0, page.length);
        System.arraycopy(filter, 0, pages, page.length, filter.length);
        System.arraycopy(page, 0, pages, page.length + filter.length, page.length);

        Parsed parsed = ParseFixtures.parse(pages, "f");

        assertThat(parsed.usages()).extracting(InvocationUsage::requestId).containsExactly(
                "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "6d5e4f3a-2b1c-4d0e-9f8a-7b6c5d4e3f2a",
                "8b7c6d5e-4f3a-4b2c-9d1e-0f9a8b7c6d5e");
        // The filter output repeats the first invocation of the page; the page comes again at the end.
        assertThat(parsed.stats().skipped(ParseStats.DUPLICATE)).isEqualTo(3);
    }
}
