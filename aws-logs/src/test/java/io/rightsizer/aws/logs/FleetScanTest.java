package io.rightsizer.aws.logs;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.scan.FleetScan;
import io.rightsizer.domain.scan.ListedFunction;
import io.rightsizer.domain.scan.LogFormat;
import io.rightsizer.domain.scan.LogGroupInfo;
import io.rightsizer.domain.scan.QueryBatch;
import io.rightsizer.domain.scan.ScanLimits;
import io.rightsizer.domain.scan.ScanPlan;
import io.rightsizer.domain.scan.ScanProgress;
import io.rightsizer.domain.scan.ScanResult;
import io.rightsizer.domain.scan.ScanWindow;
import io.rightsizer.domain.scan.UnreadFunction;
import io.rightsizer.domain.usage.DailyUsage;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The domain's scan runner with the Logs Insights adapter, against the local endpoint and its limits: concurrency,
 * other users' queries, failures, a log group deleted mid-scan, the byte limit, the row limit.
 */
class FleetScanTest {

    private static final Instant NOW = Instant.parse("2026-11-15T08:00:00Z");
    private static final ScanWindow WINDOW = ScanWindow.lastDays(14, Clock.fixed(NOW, ZoneOffset.UTC));

    private LocalLogsInsights local;
    private CloudWatchLogsClient client;
    private final List<ScanProgress> progress = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        local = LocalLogsInsights.start().latency(Duration.ofMillis(30), Duration.ofMillis(90));
        client = CloudWatchLogsClient.builder().endpointOverride(local.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        local.close();
    }

    private static ListedFunction function(String name, LogFormat format) {
        return new ListedFunction(name, "arn:aws:lambda:us-east-1:123456789012:function:" + name, 512,
                Architecture.X86_64, null, format);
    }

    /** A function with reports on three days of the window (peaks 200, 210, 220 MB), one day per event batch. */
    private ListedFunction seeded(String name, LogFormat format, int reportsPerDay) {
        return seeded(local, name, format, reportsPerDay);
    }

    private static ListedFunction seeded(LocalLogsInsights into, String name, LogFormat format, int reportsPerDay) {
        ListedFunction f = function(name, format);
        for (int d = 0; d < 3; d++) {
            Instant day = Instant.parse("2026-11-0" + (3 + d) + "T10:00:00Z");
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < reportsPerDay; i++) {
                Instant at = day.plusSeconds(i);
                Report r = new Report(name + "-" + d + "-" + i, 50, 50, 512, 190 + 10 * d + (i == 0 ? 10 : 0), null,
                        null, null);
                events.add(new Event(at.toEpochMilli(), format == LogFormat.JSON ? ReportLines.json(at, r)
                        : ReportLines.text(r)));
            }
            into.putEvents(f.logGroup(), ReportLines.defaultStream(day, name + d), events);
        }
        return f;
    }

    private ScanPlan plan(List<ListedFunction> functions) {
        Map<String, LogGroupInfo> groups = new HashMap<>();
        new CloudWatchLogGroups(client).list("/aws/lambda/").forEach(g -> groups.put(g.name(), g));
        return ScanPlan.of(functions, groups, WINDOW, NOW);
    }

    private ScanResult scan(ScanPlan plan, int concurrency, long maxBytes) {
        ScanLimits limits = new ScanLimits(concurrency, maxBytes, Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(80), Duration.ofSeconds(20));
        return new FleetScan(new LogsInsightsReportQueries(client), limits, progress::add,
                d -> Thread.sleep(d.toMillis())).run(plan);
    }

    @Test
    void everyFunctionIsReadAndNoMoreQueriesRunAtOnceThanAllowed() {
        List<ListedFunction> functions = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            functions.add(seeded("text-" + i, LogFormat.TEXT, 5));
            functions.add(seeded("json-" + i, LogFormat.JSON, 5));
        }
        // Split the plan into one query per log group so that there are many to run.
        ScanPlan whole = plan(functions);
        List<QueryBatch> single = new ArrayList<>();
        whole.batches().forEach(b -> b.logGroups().forEach(g -> single.add(new QueryBatch(
                b.format(), List.of(g), 1))));
        ScanPlan plan = new ScanPlan(whole.window(), whole.functions(), single, whole.withoutLogs());

        ScanResult result = scan(plan, 3, Long.MAX_VALUE);

        assertThat(result.unread()).isEmpty();
        assertThat(result.usage()).hasSize(12);
        assertThat(result.usage().get("json-4")).extracting(DailyUsage::maxMemoryUsedMb).containsExactly(200, 210, 220);
        assertThat(result.queries()).isEqualTo(12);
        assertThat(local.maxConcurrentQueriesSeen()).isBetween(2, 3);
        assertThat(result.bytesScanned()).isEqualTo(local.bytesScanned()).isPositive();
        assertThat(progress.get(progress.size() - 1)).isEqualTo(new ScanProgress(12, 12, result.bytesScanned(), false));
    }

    @Test
    void theScanWaitsWhileOtherUsersHoldEveryQuerySlotOfTheAccount() {
        ListedFunction f = seeded("orders", LogFormat.TEXT, 3);
        local.concurrencyLimit(4).foreignQueries(4, Duration.ofMillis(400));

        ScanResult result = scan(plan(List.of(f)), 2, Long.MAX_VALUE);

        assertThat(result.unread()).isEmpty();
        assertThat(result.usage()).containsKey("orders");
        assertThat(local.actions()).filteredOn("StartQuery"::equals).hasSizeGreaterThan(1);
        assertThat(progress).anyMatch(ScanProgress::waitingCapacity);
    }

    @Test
    void aFailedOrTimedOutQueryLeavesItsFunctionsUnreadAndTheOthersRead() {
        ListedFunction ok = seeded("ok", LogFormat.JSON, 3);
        ListedFunction broken = seeded("broken", LogFormat.TEXT, 3);
        ListedFunction slow = seeded("slow", LogFormat.TEXT, 3);
        local.failQueriesOf(broken.logGroup());
        ScanPlan failing = plan(List.of(ok, broken));

        ScanResult result = scan(failing, 2, Long.MAX_VALUE);

        assertThat(result.usage()).containsOnlyKeys("ok");
        assertThat(result.unread()).containsExactly(new UnreadFunction("broken", "the query ended failed"));

        local.timeOutQueriesOf(slow.logGroup());
        assertThat(scan(plan(List.of(slow)), 1, Long.MAX_VALUE).unread())
                .containsExactly(new UnreadFunction("slow", "the query ended timeout (the service stops queries after"
                        + " 60 minutes)"));
    }

    @Test
    void aLogGroupDeletedAfterItWasListedCostsOnlyItsOwnFunction() {
        List<ListedFunction> functions = new ArrayList<>();
        for (String name : List.of("a", "b", "c", "d")) {
            functions.add(seeded(name, LogFormat.TEXT, 2));
        }
        ScanPlan plan = plan(functions);
        assertThat(plan.batches()).hasSize(1);
        local.deleteLogGroup("/aws/lambda/c");

        ScanResult result = scan(plan, 2, Long.MAX_VALUE);

        assertThat(result.usage()).containsOnlyKeys("a", "b", "d");
        assertThat(result.unread()).containsExactly(
                new UnreadFunction("c", "its log group /aws/lambda/c does not exist any more"));
        assertThat(result.queries()).as("the refused starts cost nothing and are not counted").isEqualTo(2);
    }

    @Test
    void theScanStopsOnceItScannedItsLimit() {
        // Time is the test's: each pause of the scan moves the stand-in's clock, so the stop lands mid-query.
        ManualClock clock = new ManualClock(NOW);
        try (LocalLogsInsights timed = LocalLogsInsights.start(clock).latency(Duration.ofMillis(10),
                Duration.ofMillis(600));
             CloudWatchLogsClient timedClient = CloudWatchLogsClient.builder().endpointOverride(timed.endpoint())
                     .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("testing", "testing")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            List<ListedFunction> functions = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                functions.add(seeded(timed, "big-" + i, LogFormat.TEXT, 200));
            }
            Map<String, LogGroupInfo> groups = new HashMap<>();
            new CloudWatchLogGroups(timedClient).list("/aws/lambda/").forEach(g -> groups.put(g.name(), g));
            ScanPlan whole = ScanPlan.of(functions, groups, WINDOW, NOW);
            List<QueryBatch> single = new ArrayList<>();
            whole.batches().get(0).logGroups().forEach(g -> single.add(new QueryBatch(
                    LogFormat.TEXT, List.of(g), 1)));
            long oneGroup = groups.get("/aws/lambda/big-0").storedBytes();
            ScanLimits limits = new ScanLimits(1, oneGroup / 2, Duration.ofMillis(10), Duration.ofMillis(20),
                    Duration.ofMillis(80), Duration.ofSeconds(20));

            ScanResult result = new FleetScan(new LogsInsightsReportQueries(timedClient), limits, progress::add,
                    clock::advance).run(new ScanPlan(WINDOW, whole.functions(), single, List.of()));

            assertThat(result.usage()).isEmpty();
            assertThat(result.unread()).hasSize(3);
            assertThat(result.unread().get(0).reason()).startsWith("stopped: the scan reached its limit");
            assertThat(result.unread().get(1).reason()).startsWith("not read: the scan reached its limit");
            assertThat(timed.actions()).containsOnlyOnce("StopQuery");
            assertThat(result.bytesScanned()).as("the stopped query's bytes are still billed")
                    .isGreaterThan(oneGroup / 2).isLessThan(oneGroup);
        }
    }

    @Test
    void aResultCutAtTheServicesRowLimitIsReadAgainInHalves() {
        // Two functions whose year of reports at 15 sizes a day gives 5,475 rows each: 10,950 in one query.
        ScanWindow year = ScanWindow.lastDays(365, Clock.fixed(NOW, ZoneOffset.UTC));
        List<ListedFunction> functions = new ArrayList<>();
        for (String name : List.of("wide-a", "wide-b")) {
            ListedFunction f = function(name, LogFormat.TEXT);
            functions.add(f);
            List<Event> events = new ArrayList<>();
            for (LocalDate day = year.firstDay(); !day.isAfter(year.lastDay()); day = day.plusDays(1)) {
                Instant at = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
                for (int size = 0; size < 15; size++) {
                    events.add(new Event(at.toEpochMilli() + size, ReportLines.text(new Report("r", 1, 1, 128 + size,
                            100, null, null, null))));
                }
            }
            local.putEvents(f.logGroup(), "s", events);
        }
        Map<String, LogGroupInfo> groups = new HashMap<>();
        new CloudWatchLogGroups(client).list("/aws/lambda/").forEach(g -> groups.put(g.name(), g));
        ScanPlan planned = ScanPlan.of(functions, groups, year, NOW);
        ScanPlan together = new ScanPlan(year, planned.functions(), List.of(new QueryBatch(
                LogFormat.TEXT, List.of("/aws/lambda/wide-a", "/aws/lambda/wide-b"), 1)), List.of());

        ScanResult result = scan(together, 2, Long.MAX_VALUE);

        assertThat(result.unread()).isEmpty();
        assertThat(result.usage().get("wide-a")).hasSize(365);
        assertThat(result.memorySizes().get("wide-b")).hasSize(15);
        assertThat(result.queries()).isEqualTo(3);
    }
}
