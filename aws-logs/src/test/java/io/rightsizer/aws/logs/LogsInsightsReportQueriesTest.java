package io.rightsizer.aws.logs;

import io.rightsizer.domain.scan.LogFormat;
import io.rightsizer.domain.scan.LogGroupNotFoundException;
import io.rightsizer.domain.scan.QueryLimitExceededException;
import io.rightsizer.domain.scan.QueryProgress;
import io.rightsizer.domain.scan.QueryStatus;
import io.rightsizer.domain.scan.ReportQuery;
import io.rightsizer.domain.scan.UsageRow;
import io.rightsizer.testing.ManualClock;
import io.rightsizer.testing.insights.LocalLogsInsights;
import io.rightsizer.testing.insights.LocalLogsInsights.Event;
import io.rightsizer.testing.insights.ReportLines;
import io.rightsizer.testing.insights.ReportLines.Report;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The Logs Insights adapter against the local endpoint: the query it sends and the rows it reads back. */
class LogsInsightsReportQueriesTest {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-15T00:00:00Z");
    private static final Instant DAY1 = Instant.parse("2026-11-02T09:00:00Z");
    private static final Instant DAY2 = Instant.parse("2026-11-03T09:00:00Z");

    private LocalLogsInsights local;
    private CloudWatchLogsClient client;
    private LogsInsightsReportQueries queries;

    @BeforeEach
    void start() {
        local = LocalLogsInsights.start().latency(Duration.ofMillis(40), Duration.ofMillis(120));
        client = CloudWatchLogsClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        queries = new LogsInsightsReportQueries(client);
    }

    @AfterEach
    void stop() {
        client.close();
        local.close();
    }

    private QueryProgress await(String id) throws InterruptedException {
        while (true) {
            QueryProgress p = queries.poll(id);
            if (p.status().isFinal()) {
                return p;
            }
            Thread.sleep(15);
        }
    }

    private static Event text(Instant at, String id, int size, int used, String status, String errorType) {
        return new Event(at.toEpochMilli(), ReportLines.text(new Report(id, 100.5, 101, size, used, null, status,
                errorType)));
    }

    @Test
    void theQuerySentReadsTheBatchsLogGroupsOverWholeSecondsForEveryRowTheServiceReturns() {
        local.createLogGroup("/aws/lambda/orders").createLogGroup("/teams/shared");

        queries.start(new ReportQuery(List.of("/aws/lambda/orders", "/teams/shared"), LogFormat.TEXT, FROM, TO));

        LocalLogsInsights.ReceivedQuery sent = local.receivedQueries().get(0);
        assertThat(sent.logGroups()).containsExactly("/aws/lambda/orders", "/teams/shared");
        assertThat(sent.startTime()).isEqualTo(FROM.getEpochSecond());
        assertThat(sent.endTime()).isEqualTo(TO.getEpochSecond());
        assertThat(sent.limit()).isEqualTo(10_000);
        assertThat(sent.queryString()).isEqualTo("""
                filter @type = "REPORT"
                | parse @message /Status: (?<reportStatus>\\w+)/
                | parse @message /Error Type: (?<reportErrorType>[\\w.]+)/
                | parse @logStream /^\\d{4}\\/\\d{2}\\/\\d{2}\\/(?<streamFunction>[^\\[]+)\\[/
                | fields coalesce(reportStatus, "-") as outcome, coalesce(reportErrorType, "-") as failure, \
                coalesce(streamFunction, "-") as writer
                | stats max(@maxMemoryUsed) as maxMemoryUsed, count(*) as reports, sum(@billedDuration) as billedMs, \
                sum(@duration) as durationMs, count(@initDuration) as coldStarts, max(@timestamp) as lastSeen \
                by bin(1d), @log, writer, @memorySize, outcome, failure""");
    }

    @Test
    void textReportsComeBackAsOneRowPerDaySizeAndOutcomeWithMemoryInMegabytes() throws Exception {
        String stream = ReportLines.defaultStream(DAY1, "abc");
        local.putEvents("/aws/lambda/orders", stream, List.of(
                new Event(DAY1.toEpochMilli(), ReportLines.start("a")),
                text(DAY1, "a", 1024, 300, null, null),
                text(DAY1.plusSeconds(60), "b", 1024, 310, null, null),
                text(DAY1.plusSeconds(120), "c", 1024, 1024, "error", "Runtime.OutOfMemory"),
                text(DAY2, "d", 512, 200, "timeout", null),
                new Event(DAY2.toEpochMilli(), "2026-11-03T09:00:00.000Z\td\tINFO\tapplication output")));

        QueryProgress done = await(queries.start(new ReportQuery(List.of("/aws/lambda/orders"), LogFormat.TEXT, FROM, TO)));

        assertThat(done.status()).isEqualTo(QueryStatus.COMPLETE);
        assertThat(done.rows()).extracting(UsageRow::logGroup, UsageRow::streamFunction, UsageRow::day,
                        UsageRow::memorySizeMb, UsageRow::status, UsageRow::errorType, UsageRow::maxMemoryUsedMb,
                        UsageRow::invocations, UsageRow::billedMsSum)
                .containsExactlyInAnyOrder(
                        tuple("/aws/lambda/orders", "", LocalDate.parse("2026-11-02"), 1024, null, null, 310, 2L, 202L),
                        tuple("/aws/lambda/orders", "", LocalDate.parse("2026-11-02"), 1024, "error",
                                "Runtime.OutOfMemory", 1024, 1L, 101L),
                        tuple("/aws/lambda/orders", "", LocalDate.parse("2026-11-03"), 512, "timeout", null, 200, 1L,
                                101L));
        assertThat(done.rows()).filteredOn(r -> r.invocations() == 2).singleElement()
                .satisfies(r -> assertThat(r.lastSeen()).isEqualTo(DAY1.plusSeconds(60)));
        assertThat(done.bytesScanned()).as("every event in the range is scanned, matched or not")
                .isEqualTo(totalBytes(ReportLines.start("a"), ReportLines.text(new Report("a", 100.5, 101, 1024, 300,
                                null, null, null)), ReportLines.text(new Report("b", 100.5, 101, 1024, 310, null, null,
                                null)), ReportLines.text(new Report("c", 100.5, 101, 1024, 1024, null, "error",
                                "Runtime.OutOfMemory")), ReportLines.text(new Report("d", 100.5, 101, 512, 200, null,
                                "timeout", null)), "2026-11-03T09:00:00.000Z\td\tINFO\tapplication output"));
    }

    private static long totalBytes(String... messages) {
        long sum = 0;
        for (String m : messages) {
            sum += m.getBytes(StandardCharsets.UTF_8).length;
        }
        return sum;
    }

    @Test
    void aSharedLogGroupsRowsNameTheFunctionOfTheirStream() throws Exception {
        local.putEvents("/teams/shared", ReportLines.customStream(DAY1, "billing", "1"),
                List.of(text(DAY1, "a", 256, 100, null, null)));
        local.putEvents("/teams/shared", ReportLines.customStream(DAY1, "invoices", "2"),
                List.of(text(DAY1, "b", 256, 120, null, null)));

        QueryProgress done = await(queries.start(new ReportQuery(List.of("/teams/shared"), LogFormat.TEXT, FROM, TO)));

        assertThat(done.rows()).extracting(UsageRow::streamFunction, UsageRow::maxMemoryUsedMb)
                .containsExactlyInAnyOrder(tuple("billing", 100), tuple("invoices", 120));
    }

    @Test
    void jsonFormatReportsAreReadFromThePlatformReportRecordInMegabytes() throws Exception {
        String stream = ReportLines.defaultStream(DAY1, "j");
        local.putEvents("/aws/lambda/payments", stream, List.of(
                new Event(DAY1.toEpochMilli(), ReportLines.jsonStart(DAY1, "a")),
                new Event(DAY1.toEpochMilli(), ReportLines.json(DAY1, new Report("a", 380.5, 381, 768, 260, 549.0,
                        null, null))),
                new Event(DAY1.plusSeconds(5).toEpochMilli(), ReportLines.json(DAY1.plusSeconds(5),
                        new Report("b", 30_000, 30_000, 768, 300, null, "timeout", null))),
                new Event(DAY1.plusSeconds(9).toEpochMilli(), ReportLines.managedInstancesJson(DAY1.plusSeconds(9), "c",
                        12.0))));

        QueryProgress done = await(queries.start(new ReportQuery(List.of("/aws/lambda/payments"), LogFormat.JSON, FROM,
                TO)));

        assertThat(local.receivedQueries().get(0).queryString()).startsWith("filter type = \"platform.report\"")
                .contains("max(record.metrics.maxMemoryUsedMB) as maxMemoryUsed")
                .endsWith("by bin(1d), @log, writer, record.metrics.memorySizeMB, outcome, failure");
        assertThat(done.rows()).extracting(UsageRow::memorySizeMb, UsageRow::status, UsageRow::maxMemoryUsedMb,
                        UsageRow::invocations, UsageRow::coldStarts)
                .containsExactlyInAnyOrder(tuple(768, "success", 260, 1L, 1L), tuple(768, "timeout", 300, 1L, 0L));
        assertThat(done.withoutMemory()).as("Managed Instances reports carry no memory: counted, not sized").isEqualTo(1);
        assertThat(done.resultRows()).isEqualTo(3);
    }

    @Test
    void aQueryIsScheduledAndRunningBeforeItIsCompleteAndItsScannedBytesGrow() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-15T08:00:00Z"));
        try (LocalLogsInsights slow = LocalLogsInsights.start(clock).latency(Duration.ofSeconds(1),
                Duration.ofSeconds(4));
             CloudWatchLogsClient slowClient = CloudWatchLogsClient.builder().endpointOverride(slow.endpoint())
                     .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("testing", "testing")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                events.add(text(DAY1.plusSeconds(i), "r" + i, 128, 60 + i % 7, null, null));
            }
            slow.putEvents("/aws/lambda/busy", ReportLines.defaultStream(DAY1, "x"), events);
            LogsInsightsReportQueries adapter = new LogsInsightsReportQueries(slowClient);

            String id = adapter.start(new ReportQuery(List.of("/aws/lambda/busy"), LogFormat.TEXT, FROM, TO));
            QueryProgress scheduled = adapter.poll(id);
            clock.advance(Duration.ofSeconds(2));
            QueryProgress running = adapter.poll(id);
            clock.advance(Duration.ofSeconds(2));
            QueryProgress further = adapter.poll(id);
            clock.advance(Duration.ofSeconds(2));
            QueryProgress complete = adapter.poll(id);

            assertThat(List.of(scheduled, running, further, complete)).extracting(QueryProgress::status)
                    .containsExactly(QueryStatus.SCHEDULED, QueryStatus.RUNNING, QueryStatus.RUNNING,
                            QueryStatus.COMPLETE);
            assertThat(List.of(scheduled, running, further, complete)).extracting(QueryProgress::bytesScanned)
                    .isSorted().doesNotHaveDuplicates();
            assertThat(running.rows()).as("a running query's partial rows are not taken as its result").isEmpty();
            assertThat(complete.rows()).singleElement().satisfies(r -> assertThat(r.invocations()).isEqualTo(200));
        }
    }

    @Test
    void theAccountsQueryConcurrencyLimitIsReportedSoTheCallerCanWait() {
        local.createLogGroup("/aws/lambda/a").concurrencyLimit(1).latency(Duration.ofSeconds(5), Duration.ZERO);
        ReportQuery query = new ReportQuery(List.of("/aws/lambda/a"), LogFormat.TEXT, FROM, TO);
        queries.start(query);

        assertThatThrownBy(() -> queries.start(query)).isInstanceOf(QueryLimitExceededException.class)
                .hasMessageContaining("concurrency limit");
    }

    @Test
    void aMissingLogGroupIsReportedSoTheCallerCanLeaveItOut() {
        local.createLogGroup("/aws/lambda/a");

        assertThatThrownBy(() -> queries.start(new ReportQuery(List.of("/aws/lambda/a", "/aws/lambda/gone"),
                LogFormat.TEXT, FROM, TO))).isInstanceOf(LogGroupNotFoundException.class)
                .hasMessageContaining("/aws/lambda/gone");
    }

    @Test
    void aStoppedQueryEndsCancelledAndStoppingAnEndedOneIsHarmless() throws Exception {
        local.createLogGroup("/aws/lambda/a").latency(Duration.ofMillis(10), Duration.ofSeconds(30));
        String id = queries.start(new ReportQuery(List.of("/aws/lambda/a"), LogFormat.TEXT, FROM, TO));

        queries.stop(id);
        queries.stop(id);

        assertThat(await(id).status()).isEqualTo(QueryStatus.CANCELLED);
        assertThat(local.actions()).filteredOn("StopQuery"::equals).hasSize(2);
    }

    @Test
    void throttledCallsAreRetriedByTheClient() throws Exception {
        local.putEvents("/aws/lambda/a", "s", List.of(text(DAY1, "a", 128, 64, null, null)));
        local.throttle("StartQuery", 1).throttle("GetQueryResults", 2);

        QueryProgress done = await(queries.start(new ReportQuery(List.of("/aws/lambda/a"), LogFormat.TEXT, FROM, TO)));

        assertThat(done.status()).isEqualTo(QueryStatus.COMPLETE);
        assertThat(done.rows()).hasSize(1);
    }

    @Test
    void aQueryTheServiceFailsOrTimesOutEndsSo() throws Exception {
        local.createLogGroup("/aws/lambda/broken").createLogGroup("/aws/lambda/huge")
                .failQueriesOf("/aws/lambda/broken").timeOutQueriesOf("/aws/lambda/huge");

        assertThat(await(queries.start(new ReportQuery(List.of("/aws/lambda/broken"), LogFormat.TEXT, FROM, TO)))
                .status()).isEqualTo(QueryStatus.FAILED);
        assertThat(await(queries.start(new ReportQuery(List.of("/aws/lambda/huge"), LogFormat.TEXT, FROM, TO)))
                .status()).isEqualTo(QueryStatus.TIMEOUT);
    }
}
