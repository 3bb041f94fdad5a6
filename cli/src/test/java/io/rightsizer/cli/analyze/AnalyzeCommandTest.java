package io.rightsizer.cli.analyze;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.cli.CliRun;
import io.rightsizer.cli.command.ExitCode;
import io.rightsizer.domain.policy.PolicySettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.rightsizer.cli.CliRun.resource;
import static io.rightsizer.cli.CliRun.run;
import static io.rightsizer.cli.CliRun.runWithStdin;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code rightsizer analyze} end to end, in-process, on the log fixtures under {@code src/test/resources/logs}. */
class AnalyzeCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHECKOUT = resource("logs/checkout.log");
    private static final String THUMBNAILS = resource("logs/thumbnails.log");
    private static final String WEBHOOK = resource("logs/webhook.reports.txt");
    private static final String SUBSCRIPTION = resource("logs/subscription-batch.json.gz");
    private static final String INSIGHTS = resource("logs/insights-two-functions.csv");
    private static final Path EXAMPLES = Path.of(System.getProperty("rightsizer.examples.dir", "../examples"));

    private static byte[] gzip(byte[] data) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static JsonNode json(CliRun r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static JsonNode function(JsonNode report, String name) {
        for (JsonNode f : report.get("functions")) {
            if (f.get("function").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no function " + name + " in " + report);
    }

    @Nested
    class Table {

        @Test
        void showsAlignedColumnsOrderedByFunctionThenReasonsTotalsSkippedAndTheDurationNote() {
            CliRun r = run("analyze", "--min-invocations", "1", THUMBNAILS, CHECKOUT);

            assertThat(r.exitCode()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines.get(0)).startsWith("FUNCTION    REPORTS  DAYS  CURRENT MB  PEAK MB  AVG DAILY MAX MB"
                    + "  DECISION  RECOMMENDED MB  MONTHLY $ NOW -> AFTER");
            assertThat(lines.get(1)).matches("checkout\\s+9\\s+3\\s+1024\\s+260\\s+240\\.0\\s+DECREASE\\s+285\\s+"
                    + "\\$\\d+\\.\\d+ -> \\$\\d+\\.\\d+");
            assertThat(lines.get(2)).matches("thumbnails\\s+6\\s+3\\s+512\\s+512\\s+400\\.7\\s+INCREASE\\s+809\\s+"
                    + "\\$\\d+\\.\\d+ -> \\$\\d+\\.\\d+");
            // Aligned: every row's DECISION column starts where the header's does.
            int decisionColumn = lines.get(0).indexOf("DECISION");
            assertThat(lines.get(1).indexOf("DECREASE")).isEqualTo(decisionColumn);
            assertThat(lines.get(2).indexOf("INCREASE")).isEqualTo(decisionColumn);
            assertThat(r.out()).contains(
                    "Reasons:",
                    "  checkout: average daily max 240 MB + 25 MB = 265 MB, peak 260 MB + 5% + 60% of its 20 MB above the"
                            + " median day (240 MB) = 12 MB = 285 MB: lower 1024 MB to 285 MB",
                    "  thumbnails: 1 out-of-memory invocation (17% of 6, on 1 of 3 days): under-provisioned, raise"
                            + " 512 MB by 58% (50% + 17% of 50 points): 809 MB, never lower",
                    "Total: 2 functions, 15 reports; 1 to decrease, 1 to increase, 0 to keep, 0 with too little data.",
                    "Monthly savings from decreases: $",
                    "(x86_64 prices, 30 days)",
                    "Skipped: malformed 1 (--verbose lists every kind of record skipped)",
                    "Costs assume durations stay the same at the new memory size");
        }

        @Test
        void recordsThatCarryNoUsageByDesignAreNotListedUnlessVerbose() {
            CliRun quiet = run("analyze", "--min-invocations", "1", THUMBNAILS, CHECKOUT);
            CliRun verbose = run("analyze", "--verbose", "--min-invocations", "1", THUMBNAILS, CHECKOUT);

            String quietSkipped = quiet.out().lines().filter(l -> l.startsWith("Skipped:")).findFirst().orElseThrow();
            assertThat(quietSkipped).doesNotContain("start").doesNotContain("end ");
            String all = verbose.out().lines().filter(l -> l.startsWith("Skipped:")).findFirst().orElseThrow();
            assertThat(all).startsWith("Skipped: ").contains("malformed 1").contains("start ").contains("end ")
                    .doesNotContain("--verbose");
        }

        @Test
        void cleanLogsPrintNoSkippedLineAtAll() {
            CliRun r = run("analyze", WEBHOOK);

            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).doesNotContain("Skipped");
            assertThat(run("analyze", "-v", WEBHOOK).out()).contains("Skipped: ");
        }

        @Test
        void isTheDefaultFormat() {
            assertThat(run("analyze", CHECKOUT).out()).isEqualTo(run("analyze", "--format", "TABLE", CHECKOUT).out());
        }

        @Test
        void nothingFoundIsNoSuccessButOneLineSayingWhatWasSeenAndItsOwnExitCode(@TempDir Path dir)
                throws IOException {
            Path quiet = Files.writeString(dir.resolve("quiet.log"), "starting\nnothing to see here\n\ndone\n");

            CliRun r = run("analyze", quiet.toString());

            assertThat(r.exitCode()).isEqualTo(ExitCode.NO_REPORTS).isNotIn(ExitCode.OK, ExitCode.RUNTIME_ERROR,
                    ExitCode.USAGE);
            assertThat(r.errLines()).containsExactly("rightsizer: no usage report in '" + quiet + "': 4 lines, "
                    + "all application output; no REPORT line and no platform.report record");
            assertThat(r.out()).isEmpty();
        }

        @Test
        void nothingFoundSaysWhichLambdaLinesThereWereAndWhyReportsDidNotCount(@TempDir Path dir)
                throws IOException {
            Path lines = Files.writeString(dir.resolve("partial.log"), "START RequestId: 1b2c Version: $LATEST\n"
                    + "END RequestId: 1b2c\nREPORT RequestId: 1b2c\tDuration: 2.00 ms\tMemory Size: 128 MB\n");

            CliRun r = run("analyze", lines.toString());

            assertThat(r.exitCode()).isEqualTo(ExitCode.NO_REPORTS);
            assertThat(r.errLines()).last().asString().isEqualTo("rightsizer: no usage report in '" + lines
                    + "': 3 lines: 1 START, 1 END, 1 unreadable REPORT (line 3: report without Billed Duration,"
                    + " Max Memory Used)");
        }
    }

    @Nested
    class Json {

        @Test
        void followsTheDocumentedContract() throws IOException {
            JsonNode report = json(run("analyze", "--format", "json", "--min-invocations", "1", CHECKOUT, THUMBNAILS));

            assertThat(report.get("functions")).hasSize(2);
            JsonNode checkout = report.get("functions").get(0);
            assertThat(checkout.fieldNames()).toIterable().contains("function", "reports", "days", "memorySizesMb",
                    "peakMemoryUsedMb", "averageDailyMaxMb", "errors", "timeouts", "outOfMemory", "decision",
                    "recommendedMemoryMb", "reason", "monthlyCostUsd", "dailyMaxima");
            assertThat(checkout.get("function").asText()).isEqualTo("checkout");
            assertThat(checkout.get("reports").asLong()).isEqualTo(9);
            assertThat(checkout.get("days").asInt()).isEqualTo(3);
            assertThat(checkout.get("memorySizesMb").toString()).isEqualTo("[1024]");
            assertThat(checkout.get("peakMemoryUsedMb").asInt()).isEqualTo(260);
            assertThat(checkout.get("averageDailyMaxMb").asDouble()).isEqualTo(240.0);
            assertThat(checkout.get("errors").asLong()).isZero();
            assertThat(checkout.get("decision").asText()).isEqualTo("DECREASE");
            assertThat(checkout.get("recommendedMemoryMb").asInt()).isEqualTo(285);
            assertThat(checkout.get("reason").asText()).endsWith("lower 1024 MB to 285 MB");
            JsonNode cost = checkout.get("monthlyCostUsd");
            assertThat(cost.get("current").isNumber()).isTrue();
            assertThat(cost.get("current").asDouble()).isGreaterThan(cost.get("recommended").asDouble());
            assertThat(checkout.get("dailyMaxima").toString()).isEqualTo("[{\"day\":\"2026-10-05\",\"maxMemoryUsedMb\":220},"
                    + "{\"day\":\"2026-10-06\",\"maxMemoryUsedMb\":260},{\"day\":\"2026-10-07\",\"maxMemoryUsedMb\":240}]");

            JsonNode thumbnails = report.get("functions").get(1);
            assertThat(thumbnails.get("decision").asText()).isEqualTo("INCREASE");
            assertThat(thumbnails.get("recommendedMemoryMb").asInt()).isEqualTo(809);
            assertThat(thumbnails.get("outOfMemory").asLong()).isEqualTo(1);
            assertThat(thumbnails.get("errors").asLong()).isEqualTo(1);
            assertThat(thumbnails.get("averageDailyMaxMb").asDouble()).isEqualTo(400.7);

            assertThat(report.get("skipped").get("malformed").asLong()).isEqualTo(1);
            assertThat(report.get("skipped").size()).isGreaterThan(1); // START, END and application lines too
        }

        @Test
        void decisionsAreOneOfTheFourKinds() throws IOException {
            JsonNode report = json(run("analyze", "--format=json", CHECKOUT, THUMBNAILS, WEBHOOK, SUBSCRIPTION));

            List<String> kinds = new ArrayList<>();
            report.get("functions").forEach(f -> kinds.add(f.get("decision").asText()));
            assertThat(kinds).isNotEmpty().allMatch(k -> List.of("DECREASE", "INCREASE", "KEEP", "INSUFFICIENT_DATA")
                    .contains(k));
        }

        @Test
        void theUndatedBucketIsOneDayWithANullDay() throws IOException {
            JsonNode webhook = function(json(run("analyze", "--format", "json", WEBHOOK)), "webhook");

            assertThat(webhook.get("days").asInt()).isEqualTo(1);
            assertThat(webhook.get("decision").asText()).isEqualTo("INSUFFICIENT_DATA");
            assertThat(webhook.get("reason").asText()).isEqualTo("1 day with data; the policy needs at least 3");
            assertThat(webhook.get("dailyMaxima").toString()).isEqualTo("[{\"day\":null,\"maxMemoryUsedMb\":140}]");
        }
    }

    @Nested
    class Csv {

        @Test
        void writesAHeaderAndOneQuotedRowPerFunction() {
            CliRun r = run("analyze", "--format", "csv", "--min-invocations", "1", CHECKOUT, THUMBNAILS);

            assertThat(r.exitCode()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).isEqualTo(String.join(",", CsvRenderer.HEADER));
            assertThat(lines.get(1)).startsWith("checkout,9,3,1024,1024,260,240.0,0,0,0,DECREASE,285,")
                    .endsWith(",\"average daily max 240 MB + 25 MB = 265 MB, peak 260 MB + 5% + 60% of its 20 MB above"
                            + " the median day (240 MB) = 12 MB = 285 MB: lower 1024 MB to 285 MB\"");
            assertThat(lines.get(2)).startsWith("thumbnails,6,3,512,512,512,400.7,1,0,1,INCREASE,809,");
            assertThat(r.out()).contains("\r\n");
        }
    }

    @Nested
    class Inputs {

        @Test
        void aDashReadsStandardInputWithTheFunctionGiven() throws IOException {
            CliRun r = runWithStdin(Files.readString(Path.of(CHECKOUT)),
                    "analyze", "--format", "json", "--function", "checkout-prod", "--min-invocations", "1", "-");

            JsonNode f = function(json(r), "checkout-prod");
            assertThat(f.get("reports").asLong()).isEqualTo(9);
            assertThat(f.get("decision").asText()).isEqualTo("DECREASE");
        }

        @Test
        void standardInputWithoutAFunctionSkipsReportsThatNameNoneAndSoFindsNothing() throws IOException {
            CliRun r = runWithStdin(Files.readString(Path.of(CHECKOUT)), "analyze", "-");

            assertThat(r.exitCode()).isEqualTo(ExitCode.NO_REPORTS);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).contains("rightsizer: warning: standard input: skipped 9 reports that name no function"
                    + " (give --function NAME)");
            assertThat(r.errLines()).last().asString().startsWith("rightsizer: no usage report in standard input: ")
                    .contains("9 reports that name no function (give --function NAME)");
        }

        @Test
        void standardInputMayBeGzip() throws IOException {
            CliRun r = runWithStdin(Files.newInputStream(Path.of(SUBSCRIPTION)), "analyze", "--format", "json", "-");

            assertThat(function(json(r), "ledger").get("reports").asLong()).isEqualTo(3);
        }

        @Test
        void theFileNameNamesTheFunctionOfRecordsThatNameNone() throws IOException {
            JsonNode report = json(run("analyze", "--format", "json", CHECKOUT, WEBHOOK));

            assertThat(report.get("functions")).extracting(f -> f.get("function").asText())
                    .containsExactly("checkout", "webhook");
        }

        @Test
        void functionOverridesTheFileNameButNotARecordsOwnIdentity() throws IOException {
            JsonNode report = json(run("analyze", "--format", "json", "--function", "shop", CHECKOUT, SUBSCRIPTION));

            assertThat(report.get("functions")).extracting(f -> f.get("function").asText())
                    .containsExactly("ledger", "shop");
        }

        @Test
        void aDirectoryIsReadWithEveryFileBelowItButHiddenOnes(@TempDir Path dir) throws IOException {
            Path logs = Files.createDirectories(dir.resolve("logs/2026/10"));
            Files.copy(Path.of(CHECKOUT), logs.resolve("checkout.log"));
            Files.copy(Path.of(THUMBNAILS), dir.resolve("logs/thumbnails.log"));
            Files.copy(Path.of(WEBHOOK), logs.resolve(".webhook.log"));
            Path hidden = Files.createDirectories(dir.resolve("logs/.cache"));
            Files.copy(Path.of(WEBHOOK), hidden.resolve("webhook.log"));

            JsonNode report = json(run("analyze", "--format", "json", dir.resolve("logs").toString()));

            assertThat(report.get("functions")).extracting(f -> f.get("function").asText())
                    .containsExactly("checkout", "thumbnails");
        }

        @Test
        void theSameLogsInTwoFormatsCountEachInvocationOnce() throws IOException {
            String tail = EXAMPLES.resolve("aws-logs-tail/orders-api.log.gz").toString();
            String events = EXAMPLES.resolve("get-log-events/orders-api.get-log-events.json").toString();

            JsonNode report = json(run("analyze", "--format", "json", tail, events));

            assertThat(function(report, "orders-api").get("reports").asLong()).as("3 days of 1,500").isEqualTo(4500);
            assertThat(report.get("skipped").get("duplicate").asLong()).as("the first 40 of each day, again")
                    .isEqualTo(120);
        }

        @Test
        void aLogsInsightsExportOfSeveralFunctionsKeepsThemApart() throws IOException {
            JsonNode report = json(run("analyze", "--format", "json", "--min-invocations", "1", INSIGHTS));

            assertThat(report.get("functions")).extracting(f -> f.get("function").asText() + " "
                    + f.get("decision").asText()).containsExactly("image-resizer INCREASE", "orders-api DECREASE");
            assertThat(function(report, "orders-api").get("outOfMemory").asLong()).isZero();
        }

        @Test
        void dateAndSequenceSuffixesOfFileNamesAreNoPartOfTheFunction(@TempDir Path dir) throws IOException {
            List<String> lines = Files.readAllLines(Path.of(CHECKOUT));
            Path first = Files.write(dir.resolve("checkout-2026-10-05.log"), lines.subList(0, 20));
            Path second = Files.write(dir.resolve("checkout-2026-10-06.1.log"), lines.subList(20, lines.size()));

            JsonNode report = json(run("analyze", "--format", "json", first.toString(), second.toString()));

            assertThat(report.get("functions")).extracting(f -> f.get("function").asText())
                    .containsExactly("checkout");
        }

        @Test
        void anS3ExportsNumberedFileNamesNoFunctionAndTheRunAsksForOne(@TempDir Path dir) throws IOException {
            Path stream = Files.createDirectories(dir.resolve("exportedlogs/7f3a/2026-10-05-[$LATEST]0a1b2c"));
            Path part = Files.write(stream.resolve("000000.gz"), gzip(Files.readAllBytes(Path.of(WEBHOOK))));

            CliRun r = run("analyze", part.toString());

            assertThat(r.exitCode()).isEqualTo(ExitCode.NO_REPORTS);
            assertThat(r.errLines()).contains("rightsizer: warning: '" + part + "': '000000.gz' names no function,"
                    + " so 4 reports that name none were skipped (give --function NAME)");
            assertThat(run("analyze", "--function", "webhook", "--format", "json", part.toString()).exitCode())
                    .isZero();
        }

        @Test
        void severalFilesOfOneFunctionFoldTogether(@TempDir Path dir) throws IOException {
            List<String> lines = Files.readAllLines(Path.of(CHECKOUT));
            Path first = Files.write(dir.resolve("checkout.part1.log"), lines.subList(0, 20));
            Path second = Files.write(dir.resolve("checkout.part2.log"), lines.subList(20, lines.size()));

            JsonNode f = function(json(run("analyze", "--format", "json", "--min-invocations", "1",
                    first.toString(), second.toString())), "checkout");

            assertThat(f.get("reports").asLong()).isEqualTo(9);
            assertThat(f.get("recommendedMemoryMb").asInt()).isEqualTo(285);
        }
    }

    @Nested
    class PolicyOptions {

        @Test
        void everyPolicyOptionDefaultsToThePolicysDocumentedDefault() {
            String help = run("analyze", "--help").out().replaceAll("\\s+", " ");
            PolicySettings d = PolicySettings.DEFAULTS;

            Map<String, Object> defaults = Map.of(
                    "--seed-headroom-mb", d.seedHeadroomMb(),
                    "--peak-headroom-percent", d.peakHeadroomPercent(),
                    "--max-memory-mb", d.maxMemoryMb(),
                    "--min-change-mb", d.minChangeMb(),
                    "--min-change-percent", d.minChangePercent(),
                    "--min-days", d.minDays(),
                    "--min-invocations", d.minInvocations(),
                    "--oom-increase-percent", d.oomIncreasePercent());
            defaults = new java.util.HashMap<>(defaults);
            defaults.put("--oom-max-increase-percent", d.oomMaxIncreasePercent());
            defaults.put("--spike-headroom-percent", d.spikeHeadroomPercent());
            defaults.put("--projection-days", d.projectionDays());
            defaults.put("--trend-confidence-percent", d.trendConfidencePercent());
            defaults.forEach((flag, value) -> assertThat(help).as(flag)
                    .containsPattern(" " + flag + "=[A-Z]+ [^(]*\\(default: " + value + "\\)"));
        }

        @Test
        void theDefaultsNeedAHundredInvocations() throws IOException {
            JsonNode f = function(json(run("analyze", "--format", "json", CHECKOUT)), "checkout");

            assertThat(f.get("decision").asText()).isEqualTo("INSUFFICIENT_DATA");
            assertThat(f.get("reason").asText()).isEqualTo("9 invocations in the window; the policy needs at least 100");
        }

        @Test
        void eachKnobReachesThePolicy() throws IOException {
            String[] base = {"analyze", "--format", "json", "--min-invocations", "1"};

            assertThat(decide(base, "--seed-headroom-mb", "200").get("recommendedMemoryMb").asInt()).isEqualTo(440);
            assertThat(decide(base, "--peak-headroom-percent", "50").get("recommendedMemoryMb").asInt()).isEqualTo(402);
            assertThat(decide(base, "--spike-headroom-percent", "0").get("recommendedMemoryMb").asInt()).isEqualTo(273);
            // Three rising days are no significant trend at 95%; at 50% any rise is.
            assertThat(decide(base, "--trend-confidence-percent", "50").get("reason").asText()).contains("grow");
            assertThat(decide(base, "--trend-confidence-percent", "50", "--projection-days", "0").get("reason")
                    .asText()).doesNotContain("grow");
            assertThat(decide(base, "--max-memory-mb", "256", "--seed-headroom-mb", "0").get("reason").asText())
                    .contains("clamped to 256 MB");
            assertThat(decide(base, "--min-change-mb", "800").get("decision").asText()).isEqualTo("KEEP");
            assertThat(decide(base, "--min-change-percent", "75").get("decision").asText()).isEqualTo("KEEP");
            assertThat(decide(base, "--min-days", "4").get("decision").asText()).isEqualTo("INSUFFICIENT_DATA");
            JsonNode thumbnails = function(json(run("analyze", "--format", "json", "--min-invocations", "1",
                    "--oom-increase-percent", "100", THUMBNAILS)), "thumbnails");
            assertThat(thumbnails.get("recommendedMemoryMb").asInt()).isEqualTo(1024);
            JsonNode steeper = function(json(run("analyze", "--format", "json", "--min-invocations", "1",
                    "--oom-max-increase-percent", "350", THUMBNAILS)), "thumbnails");
            assertThat(steeper.get("reason").asText()).contains("by 100% (50% + 17% of 300 points)");
        }

        private JsonNode decide(String[] base, String... options) throws IOException {
            List<String> args = new ArrayList<>(List.of(base));
            args.addAll(List.of(options));
            args.add(CHECKOUT);
            return function(json(run(args.toArray(String[]::new))), "checkout");
        }

        @Test
        void arm64PricesAreLower() throws IOException {
            JsonNode x86 = function(json(run("analyze", "--format", "json", CHECKOUT)), "checkout");
            JsonNode arm = function(json(run("analyze", "--format", "json", "--arch", "arm64", CHECKOUT)), "checkout");

            assertThat(arm.get("monthlyCostUsd").get("current").asDouble())
                    .isLessThan(x86.get("monthlyCostUsd").get("current").asDouble());
            assertThat(run("analyze", "--arch", "arm64", CHECKOUT).out()).contains("(arm64 prices, 30 days)");
        }
    }

    @Nested
    class Errors {

        @Test
        void aMissingFileIsOneLineAndExitCodeOne() {
            CliRun r = run("analyze", CHECKOUT, "no-such-file.log");

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errLines()).containsExactly("rightsizer: cannot read 'no-such-file.log': no such file");
            assertThat(r.out()).as("nothing is analysed when an input is missing").isEmpty();
        }

        @Test
        void anEmptyDirectoryHoldsNothingToRead(@TempDir Path dir) {
            CliRun r = run("analyze", dir.toString());

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errLines()).containsExactly("rightsizer: cannot read '" + dir + "': no files in it");
        }

        @Test
        void aTruncatedGzipIsOneLineAndExitCodeOne() {
            String truncated = resource("logs/truncated.log.gz");

            CliRun r = run("analyze", truncated);

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errLines()).singleElement().asString()
                    .startsWith("rightsizer: cannot read '" + truncated + "': corrupt or truncated gzip data")
                    .doesNotContain("Exception", "\tat ");
            assertThat(r.out()).isEmpty();
        }

        @Test
        void gzipDamagedInTheMiddleIsOneLineAndExitCodeOne() {
            String corrupt = resource("logs/corrupt.log.gz");

            CliRun r = run("analyze", THUMBNAILS, corrupt);

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errLines()).singleElement().asString()
                    .startsWith("rightsizer: cannot read '" + corrupt + "': corrupt or truncated gzip data (");
            assertThat(r.out()).isEmpty();
        }

        @Test
        void aJsonDocumentCutOffMidWayKeepsWhatWasReadAndWarnsThatTheRestWasNot() {
            String cut = resource("logs/cut-off-batch.json");

            CliRun r = run("analyze", "--function", "resizer", "--format", "json", cut);

            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("\"function\" : \"resizer\"");
            assertThat(r.errLines()).anySatisfy(line -> assertThat(line)
                    .startsWith("rightsizer: warning: '" + cut + "': input damaged or cut off (")
                    .endsWith("its figures may be incomplete"));
        }

        @Test
        void aTruncatedGzipOnStandardInputIsOneLineAndExitCodeOne() throws IOException {
            CliRun r = runWithStdin(Files.newInputStream(Path.of(resource("logs/truncated.log.gz"))),
                    "analyze", "--function", "checkout", "-");

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errLines()).containsExactly("rightsizer: cannot read standard input: corrupt or truncated"
                    + " gzip data (Unexpected end of ZLIB input stream)");
        }

        @Test
        void anUnknownOptionIsAUsageError() {
            CliRun r = run("analyze", "--bogus", CHECKOUT);

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).containsExactly(
                    "rightsizer: unknown option: '--bogus' (see 'rightsizer analyze --help')");
        }

        @Test
        void aMisspelledOptionSuggestsTheRightOne() {
            CliRun r = run("analyze", "--min-day", "2", CHECKOUT);

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).singleElement().asString().contains("(did you mean --min-days?)");
        }

        @Test
        void anUnknownFormatIsAUsageError() {
            CliRun r = run("analyze", "--format", "xml", CHECKOUT);

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).singleElement().asString()
                    .contains("unknown format 'xml' (expected table, json or csv)");
        }

        @Test
        void anUnknownArchitectureIsAUsageError() {
            CliRun r = run("analyze", "--arch", "sparc", CHECKOUT);

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).singleElement().asString()
                    .contains("unknown architecture 'sparc' (expected x86_64 or arm64)");
        }

        @Test
        void aNonNumberIsAUsageError() {
            CliRun r = run("analyze", "--min-days", "three", CHECKOUT);

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).singleElement().asString().startsWith("rightsizer: invalid value for option '--min-days'");
        }

        @Test
        void aKnobOutOfRangeNamesTheOption() {
            CliRun r = run("analyze", "--max-memory-mb", "20000", CHECKOUT);

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).containsExactly("rightsizer: --max-memory-mb must be between 128 and 10240,"
                    + " got 20000 (see 'rightsizer analyze --help')");
        }

        @Test
        void noFileIsAUsageError() {
            CliRun r = run("analyze");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).singleElement().asString().contains("FILE");
        }

        @Test
        void standardInputTwiceIsAUsageError() {
            CliRun r = run("analyze", "-", "-");

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).containsExactly("rightsizer: '-' (standard input) can be given only once");
        }
    }

    @Nested
    class Help {

        @Test
        void explainsEveryOptionWithItsDefault() {
            CliRun r = run("analyze", "--help");

            assertThat(r.exitCode()).isZero();
            assertThat(r.out().replaceAll("\\s+", " ")).contains("Usage: rightsizer analyze", "FILE...", "'-' reads standard input",
                    "--function=NAME", "--format=FORMAT", "(default: table)", "--arch=ARCH", "(default: x86_64)",
                    "orders-2025-06-01.log -> orders", "assuming durations stay the same",
                    "5 no usage report found");
            String flat = r.out().replaceAll("\\s+", " ");
            long described = flat.split("\\(default: ", -1).length - 1;
            assertThat(described).as("every option but --help and --version names its default").isEqualTo(15);
        }
    }
}
