package io.rightsizer.cli.scan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rightsizer.cli.CliRun;
import io.rightsizer.cli.RightsizerCommand;
import io.rightsizer.testing.InterceptingProxy;
import io.rightsizer.testing.LocalLambdaListing;
import io.rightsizer.testing.insights.LocalLogsInsights;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rightsizer scan} end to end against the local ListFunctions and Logs Insights endpoints, on a seeded fleet
 * of 50 functions; its recommendations equal {@code analyze}'s on the same events exported as files.
 */
class ScanCommandTest {

    private static LocalLambdaListing lambda;
    private static LocalLogsInsights logs;
    private static Fleet fleet;

    @BeforeAll
    static void seed() {
        lambda = LocalLambdaListing.start().pageSize(7);
        logs = LocalLogsInsights.start().latency(Duration.ofMillis(30), Duration.ofMillis(120));
        fleet = Fleet.seed(lambda, logs);
    }

    @AfterAll
    static void stop() {
        lambda.close();
        logs.close();
    }

    @BeforeEach
    void forgetQueries() {
        logs.concurrencyLimit(30);
    }

    private static ScanEnvironment environment(boolean terminal) {
        return new ScanEnvironment(Clock.fixed(Fleet.NOW, ZoneOffset.UTC), Duration.ofMillis(10), Duration.ofMillis(20),
                Duration.ofMillis(100), Duration.ofSeconds(20), d -> Thread.sleep(d.toMillis()), terminal);
    }

    /** Runs {@code rightsizer scan} against the stand-ins. */
    private static CliRun scan(boolean terminal, String... args) {
        List<String> all = new ArrayList<>(List.of("scan", "--lambda-endpoint", lambda.endpoint().toString(),
                "--logs-endpoint", logs.endpoint().toString(), "--region", "us-east-1"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RightsizerCommand.newCommandLine(new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                new PrintWriter(err, true), environment(terminal)).execute(all.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    private static CliRun scan(String... args) {
        return scan(false, args);
    }

    @Test
    void aFleetOfFiftyScannedInPlaceGetsTheRecommendationsAnalyzeGivesOnItsExportedLogs(@TempDir Path dir)
            throws IOException {
        int queriesBefore = logs.receivedQueries().size();

        CliRun scanned = scan("--format", "json");

        assertThat(scanned.exitCode()).as(scanned.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(scanned.out());
        ArrayNode functions = (ArrayNode) report.get("functions");
        assertThat(functions).hasSize(Fleet.SIZE - 2);
        assertThat(functions).extracting(f -> f.get("function").asText())
                .doesNotContain(Fleet.DELETED, Fleet.NEVER_INVOKED)
                .contains("svc-00", "svc-12", "svc-18", "svc-20");
        assertThat(report.get("architecture").asText()).isEqualTo("mixed");
        assertThat(report.get("skipped").get("managedInstancesReport").asLong())
                .as("one a day, on the 11 days svc-05 ran").isEqualTo(11);
        for (JsonNode f : functions) {
            Fleet.Member m = fleet.member(f.get("function").asText());
            assertThat(f.get("architecture").asText()).isEqualTo(m.architecture());
            assertThat(f.get("currentMemoryMb").asInt()).as("read from the function").isEqualTo(m.memoryMb());
        }
        assertThat(scanned.err()).contains("no log group (never invoked, or its logs were deleted): svc-48")
                .contains("log groups of no function (deleted functions?), not read: /aws/lambda/svc-49")
                .doesNotContain("warning");

        List<LocalLogsInsights.ReceivedQuery> sent = logs.receivedQueries().subList(queriesBefore,
                logs.receivedQueries().size());
        assertThat(sent).hasSize(2).allSatisfy(q -> assertThat(q.logGroups()).hasSizeLessThanOrEqualTo(50));
        assertThat(sent).extracting(q -> q.queryString().substring(0, q.queryString().indexOf('\n')))
                .containsExactlyInAnyOrder("filter @type = \"REPORT\"", "filter type = \"platform.report\"");
        assertThat(sent).flatExtracting(LocalLogsInsights.ReceivedQuery::logGroups)
                .contains(Fleet.SHARED_JSON_GROUP, Fleet.SHARED_TEXT_GROUP, "/custom/svc-18", "/aws/lambda/svc-20")
                .doesNotContain("/aws/lambda/" + Fleet.DELETED);

        // The same events of the window, exported as files and analysed: one run per architecture's prices.
        fleet.export(dir);
        ArrayNode expected = new ObjectMapper().createArrayNode();
        for (String arch : List.of("x86_64", "arm64")) {
            List<String> args = new ArrayList<>(List.of("analyze", "--format", "json", "--arch", arch));
            try (Stream<Path> files = Files.list(dir.resolve(arch))) {
                files.sorted().map(Path::toString).forEach(args::add);
            }
            CliRun analyzed = CliRun.run(args.toArray(String[]::new));
            assertThat(analyzed.exitCode()).as(analyzed.err()).isZero();
            new ObjectMapper().readTree(analyzed.out()).get("functions").forEach(expected::add);
        }
        List<JsonNode> fromAnalyze = new ArrayList<>();
        expected.forEach(fromAnalyze::add);
        fromAnalyze.sort(Comparator.comparing(f -> f.get("function").asText()));
        List<JsonNode> fromScan = new ArrayList<>();
        functions.forEach(f -> {
            ObjectNode copy = f.deepCopy();
            copy.remove("architecture");
            fromScan.add(copy);
        });
        assertThat(fromScan).extracting(f -> f.get("function").asText())
                .containsExactlyElementsOf(fromAnalyze.stream().map(f -> f.get("function").asText()).toList());
        SoftAssertions.assertSoftly(soft -> {
            for (int i = 0; i < fromScan.size(); i++) {
                soft.assertThat(fromScan.get(i)).as(fromScan.get(i).get("function").asText())
                        .isEqualTo(fromAnalyze.get(i));
            }
        });
        assertThat(fromScan).extracting(f -> f.get("decision").asText())
                .contains("DECREASE", "INCREASE", "KEEP", "INSUFFICIENT_DATA");
    }

    @Test
    void theTableSaysEachFunctionIsPricedAtItsOwnArchitecture() {
        CliRun scanned = scan("--functions", "svc-00,svc-01");

        assertThat(scanned.exitCode()).as(scanned.err()).isZero();
        assertThat(scanned.out()).contains("svc-00", "svc-01")
                .contains("(each function at its own architecture's prices, 30 days)");
    }

    @Test
    void onlyTheNamedFunctionsAreReadAndTheirLogGroupsLookedUpOneByOne() {
        int before = logs.receivedQueries().size();
        int describes = (int) logs.actions().stream().filter("DescribeLogGroups"::equals).count();

        CliRun scanned = scan("--functions", "svc-13,svc-40", "--format", "csv");

        assertThat(scanned.exitCode()).as(scanned.err()).isZero();
        assertThat(scanned.out().lines().skip(1)).hasSize(2);
        assertThat(logs.receivedQueries().subList(before, logs.receivedQueries().size()))
                .singleElement().satisfies(q -> assertThat(q.logGroups())
                        .containsExactly("/aws/lambda/svc-40", Fleet.SHARED_TEXT_GROUP));
        assertThat(logs.actions().stream().filter("DescribeLogGroups"::equals).count() - describes).isEqualTo(2);
    }

    @Test
    void anUnknownFunctionIsNamedBeforeAnythingIsScanned() {
        int before = logs.receivedQueries().size();

        CliRun scanned = scan("--functions", "svc-01,nope");

        assertThat(scanned.exitCode()).isEqualTo(1);
        assertThat(scanned.errLines()).containsExactly(
                "rightsizer: no function named nope in this account and Region (49 functions listed)");
        assertThat(logs.receivedQueries()).hasSize(before);
    }

    @Test
    void theEstimateShowsWhatTheScanWouldReadAndCostWithoutRunningAQuery() {
        int before = logs.receivedQueries().size();

        CliRun estimated = scan("--estimate");

        assertThat(estimated.exitCode()).as(estimated.err()).isZero();
        assertThat(estimated.out()).contains("Scan of us-east-1, 14 days (2026-11-01 .. 2026-11-14)")
                .contains("functions: 49 listed, 49 selected, 48 with a log group to read, 1 without one")
                .contains("queries: 2 over ").contains("1 text, 1 JSON")
                .contains("not read: 1 log group of no function (deleted functions?)")
                .containsPattern("estimate: about \\d+\\.\\d\\d [MG]B to scan, \\$\\d\\.\\d{4} at \\$0.005 per GB");
        assertThat(logs.receivedQueries()).hasSize(before);
    }

    @Test
    void aScanEstimatedAboveTheLimitIsRefusedBeforeAnyQuery() {
        int before = logs.receivedQueries().size();

        CliRun scanned = scan("--max-scan-gb", "0.00001");

        assertThat(scanned.exitCode()).isEqualTo(1);
        assertThat(scanned.errLines()).singleElement().asString()
                .matches("rightsizer: the scan would read about \\d+\\.\\d\\d MB \\(\\$0\\.0000\\), more than "
                        + "--max-scan-gb 0\\.00001: narrow it with --functions or --days, or raise --max-scan-gb");
        assertThat(logs.receivedQueries()).hasSize(before);
    }

    @Test
    void functionsWhoseQueryFailedAreNamedAndTheExitCodeSaysTheResultIsPartial() {
        try (LocalLogsInsights failing = LocalLogsInsights.start().latency(Duration.ofMillis(20), Duration.ofMillis(40));
             LocalLambdaListing listing = LocalLambdaListing.start()) {
            Fleet.seed(listing, failing);
            failing.failQueriesOf(Fleet.SHARED_JSON_GROUP);
            CliRun scanned = run(listing, failing, "--format", "json");

            assertThat(scanned.exitCode()).as(scanned.err()).isEqualTo(3);
            assertThat(scanned.err()).contains("rightsizer: warning: could not read 12 functions: svc-00 (the query "
                    + "ended failed)");
            assertThat(scanned.out()).contains("\"svc-20\"").doesNotContain("\"svc-00\"");
        }
    }

    private static CliRun run(LocalLambdaListing listing, LocalLogsInsights insights, String... args) {
        List<String> all = new ArrayList<>(List.of("scan", "--lambda-endpoint", listing.endpoint().toString(),
                "--logs-endpoint", insights.endpoint().toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RightsizerCommand.newCommandLine(new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
                new PrintWriter(err, true), environment(false)).execute(all.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void progressIsShownOnATerminalAndClearedBeforeTheSummary() {
        CliRun scanned = scan(true, "--functions", "svc-02,svc-03,svc-40");

        assertThat(scanned.exitCode()).as(scanned.err()).isZero();
        assertThat(scanned.err()).contains("\rrightsizer: scanning: 0/2 queries done, 0.00 MB scanned")
                .contains("2/2 queries done").containsPattern("\r +\rrightsizer: scanned ");
        assertThat(scan(true, "--functions", "svc-02", "--no-progress").err()).doesNotContain("\r");
    }

    @Test
    void theAccountsQueryConcurrencyIsRespectedWhenOthersUseIt() {
        logs.concurrencyLimit(2).foreignQueries(2, Duration.ofMillis(300));

        CliRun scanned = scan("--format", "csv", "--max-concurrent-queries", "2");

        assertThat(scanned.exitCode()).as(scanned.err()).isZero();
        assertThat(scanned.out().lines().skip(1)).hasSize(Fleet.SIZE - 2);
    }

    @Test
    void deniedAccessIsOneLineThatPointsAtThePolicy() {
        try (InterceptingProxy proxy = InterceptingProxy.start(lambda.endpoint())) {
            proxy.when(r -> true, -1, r -> InterceptingProxy.Response.json(403, "{\"Type\":\"User\",\"message\":"
                    + "\"User: arn:aws:iam::123456789012:user/ops is not authorized to perform: lambda:ListFunctions\"}",
                    Map.of("x-amzn-ErrorType", "AccessDeniedException")));
            List<String> args = new ArrayList<>(List.of("scan", "--lambda-endpoint", proxy.endpoint().toString(),
                    "--logs-endpoint", logs.endpoint().toString()));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = RightsizerCommand.newCommandLine(new ByteArrayInputStream(new byte[0]),
                    new PrintWriter(out, true), new PrintWriter(err, true), environment(false))
                    .execute(args.toArray(String[]::new));

            assertThat(code).isEqualTo(4);
            assertThat(err.toString().lines()).containsExactly("rightsizer: listing the functions (lambda:ListFunctions):"
                    + " access denied by Lambda (AccessDeniedException): User: arn:aws:iam::123456789012:user/ops is not"
                    + " authorized to perform: lambda:ListFunctions; 'rightsizer scan --print-policy' prints the policy"
                    + " the scan needs");
        }
    }

    @Test
    void aProfileWithoutCredentialsIsOneLineBeforeAnyCall() {
        int listings = lambda.requests().size();

        CliRun scanned = scan("--profile", "rightsizer-test-profile-that-does-not-exist");

        assertThat(scanned.exitCode()).isEqualTo(4);
        assertThat(scanned.errLines()).singleElement().asString()
                .startsWith("rightsizer: profile 'rightsizer-test-profile-that-does-not-exist' not found in the AWS"
                        + " config or credentials file")
                .endsWith("'aws sso login --profile rightsizer-test-profile-that-does-not-exist'");
        assertThat(lambda.requests()).hasSize(listings);
    }

    @Test
    void thePrintedPolicyIsTheOneTheScanDocShowsAndGrantsNothingThatWrites() throws IOException {
        CliRun printed = CliRun.run("scan", "--print-policy");

        assertThat(printed.exitCode()).isZero();
        JsonNode policy = new ObjectMapper().readTree(printed.out());
        List<String> actions = new ArrayList<>();
        policy.get("Statement").forEach(s -> {
            if (s.get("Action").isArray()) {
                s.get("Action").forEach(a -> actions.add(a.asText()));
            } else {
                actions.add(s.get("Action").asText());
            }
        });
        assertThat(actions).containsExactlyInAnyOrder("lambda:ListFunctions", "logs:DescribeLogGroups",
                "logs:StartQuery", "logs:GetQueryResults", "logs:StopQuery");
        Path doc = Path.of(System.getProperty("rightsizer.examples.dir", "../examples")).resolveSibling("docs")
                .resolve("scan.md");
        assertThat(Files.readString(doc)).contains(printed.out().strip());
    }

    @Test
    void scanTakesEveryPolicyKnobAnalyzeTakes() {
        String scan = CliRun.run("scan", "--help").out();
        String analyze = CliRun.run("analyze", "--help").out();

        for (String knob : List.of("--spike-headroom-percent", "--projection-days", "--trend-confidence-percent",
                "--oom-max-increase-percent", "--seed-headroom-mb")) {
            assertThat(analyze).contains(knob);
            assertThat(scan).as("the same policy, the same knobs").contains(knob);
        }
    }

    @Test
    void badValuesAreUsageErrorsAndThereIsNoApply() {
        assertThat(CliRun.run("scan", "--days", "0").errLines())
                .containsExactly("rightsizer: --days must be 1..365, got 0 (see 'rightsizer scan --help')");
        assertThat(CliRun.run("scan", "--days", "0").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("scan", "--max-scan-gb", "0").exitCode()).isEqualTo(2);
        assertThat(CliRun.run("scan", "--min-days", "0").errLines().get(0)).startsWith("rightsizer: --min-days");
        CliRun apply = CliRun.run("scan", "--apply");
        assertThat(apply.exitCode()).isEqualTo(2);
        assertThat(apply.err()).startsWith("rightsizer: unknown option: '--apply'");
    }
}
