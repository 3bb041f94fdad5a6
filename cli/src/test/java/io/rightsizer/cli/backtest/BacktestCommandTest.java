package io.rightsizer.cli.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.cli.CliRun;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static io.rightsizer.cli.CliRun.resource;
import static io.rightsizer.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code rightsizer backtest} end to end, in-process: a hand-written log whose scores are worked out below, and the
 * seeded 31-day fixture of {@link BacktestFixtures}.
 */
class BacktestCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Day 1: three peaks of 200 MB; day 2: 210, 230, 250, 190 MB; day 3 at 512 MB: one out of memory, one 300 MB. */
    private static final String STEPS = resource("backtest-steps/checkout.log");
    /** One-day windows and a plain peak + 10% guard, so every figure can be worked out by hand. */
    private static final String[] BY_HAND = {"backtest", "--window-days", "1", "--min-days", "1", "--min-invocations",
        "1", "--seed-headroom-mb", "0", "--peak-headroom-percent", "10", "--spike-headroom-percent", "0"};
    private static final Path FIXTURES = Path.of(resource("backtest/orders-api.log.gz")).getParent();

    private static List<String> fixtures() {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files.map(Path::toString).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CliRun byHand(String... more) {
        List<String> args = new ArrayList<>(List.of(BY_HAND));
        args.addAll(List.of(more));
        args.add(STEPS);
        return run(args.toArray(String[]::new));
    }

    private static JsonNode json(CliRun r) throws IOException {
        assertThat(r.exitCode()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    @Nested
    class Scoring {

        @Test
        void eachDecisionIsScoredOnTheNextWindowsInvocationsAtTheRecommendedSize() throws IOException {
            JsonNode report = json(byHand("--format", "json"));

            JsonNode first = report.get("decisions").get(0);
            // Decided from day 1: peak 200 MB + 10% = 220 MB. Day 2 peaked at 230 and 250 MB above it.
            assertThat(first.get("recommendedMemoryMb").asInt()).isEqualTo(220);
            assertThat(first.get("decidedFrom").get("first").asText()).isEqualTo("2026-11-02");
            assertThat(first.get("scoredOn").get("first").asText()).isEqualTo("2026-11-03");
            assertThat(first.get("invocations").asLong()).isEqualTo(4);
            assertThat(first.get("peakMemoryUsedMb").asInt()).isEqualTo(250);
            assertThat(first.get("outOfMemory").asLong()).isEqualTo(2);
            // Four billed seconds at 1024 MB are 4 GB-s; at 220 MB, 4 × 220 / 1024 = 0.859 GB-s.
            assertThat(first.get("gbSecondsActual").asDouble()).isEqualTo(4.0);
            assertThat(first.get("gbSecondsRecommended").asDouble()).isEqualTo(0.859);
            assertThat(first.get("gbSecondsSaved").asDouble()).isEqualTo(3.141);
            assertThat(first.get("usdSaved").asDouble()).isCloseTo(3.140625 * 0.0000166667, within(1e-6));
        }

        @Test
        void anOutOfMemoryInvocationCountsAtTheRecommendedSizeWhenItRanAtThatSizeOrAbove() throws IOException {
            JsonNode second = json(byHand("--format", "json")).get("decisions").get(1);

            // Decided from day 2: 250 MB + 10% = 275 MB. Day 3 ran at 512 MB: one ran out of memory there (needed
            // more than 512 MB, so more than 275 MB), one peaked at 300 MB.
            assertThat(second.get("recommendedMemoryMb").asInt()).isEqualTo(275);
            assertThat(second.get("outOfMemory").asLong()).isEqualTo(2);
            assertThat(second.get("outOfMemoryUnknown").asLong()).isZero();
            assertThat(second.get("outOfMemoryActual").asLong()).isEqualTo(1);
            assertThat(second.get("peakMemoryUsedMb").asInt()).isEqualTo(512);
        }

        @Test
        void anOutOfMemoryInvocationAtASmallerSizeThanTheRecommendedOneIsUnknown() throws IOException {
            JsonNode thumbnails = null;
            for (JsonNode d : json(run(args("--format", "json"))).get("decisions")) {
                if (d.get("function").asText().equals("thumbnails")) {
                    thumbnails = d;
                    break;
                }
            }

            // Configured at 512 MB below its need, every invocation failed; the policy raises it to 1024 MB, and
            // whether that is enough the logs of a 512 MB function cannot say.
            assertThat(thumbnails.get("decision").asText()).isEqualTo("INCREASE");
            assertThat(thumbnails.get("outOfMemory").asLong()).isZero();
            assertThat(thumbnails.get("outOfMemoryUnknown").asLong())
                    .isEqualTo(thumbnails.get("outOfMemoryActual").asLong()).isPositive();
        }

        @Test
        void theWindowsAndTheTotalSumTheirDecisions() throws IOException {
            JsonNode report = json(byHand("--format", "json"));

            assertThat(report.get("windows")).hasSize(2);
            JsonNode total = report.get("total");
            assertThat(total.get("decisions").asInt()).isEqualTo(2);
            assertThat(total.get("invocations").asLong()).isEqualTo(6);
            assertThat(total.get("outOfMemory").asLong()).isEqualTo(4);
            assertThat(total.get("outOfMemoryFunctions").asInt()).isEqualTo(2);
            assertThat(total.get("gbSecondsSaved").asDouble()).isCloseTo(3.141 + 0.463, within(0.002));
        }

        @Test
        void reportsWithoutATimeFallInNoWindowAndAreCountedAsUndated() throws IOException {
            JsonNode report = json(byHand("--format", "json"));

            assertThat(report.get("skipped").get("undated").asLong()).isEqualTo(1);
            assertThat(report.get("total").get("invocations").asLong()).isEqualTo(6);
        }

        @Test
        void theDecisionIsTheOneAnalyzeMakesFromThatWindowAlone(@TempDir Path dir) throws IOException {
            // The first 14 days of one fixture, as a file of their own.
            String text = gunzip(FIXTURES.resolve("reports.log.gz"));
            List<String> firstWindow = text.lines().filter(l -> l.compareTo("2026-11-16") < 0).toList();
            Path cut = Files.write(dir.resolve("reports.log"), firstWindow);

            JsonNode analyzed = json(run("analyze", "--format", "json", "--projection-days", "16", cut.toString()))
                    .get("functions").get(0);
            JsonNode backtested = json(run("backtest", "--format", "json", FIXTURES.resolve("reports.log.gz")
                    .toString())).get("decisions").get(0);

            assertThat(backtested.get("recommendedMemoryMb")).isEqualTo(analyzed.get("recommendedMemoryMb"));
            assertThat(backtested.get("reason")).isEqualTo(analyzed.get("reason"));
            assertThat(backtested.get("reason").asText()).contains("grow", "in 16 days");
        }
    }

    @Nested
    class Fixture {

        @Test
        void theCommittedFixturesAreExactlyWhatTheSeededGeneratorWrites() throws IOException {
            Map<String, byte[]> generated = BacktestFixtures.generate();

            assertThat(fixtures()).extracting(p -> Path.of(p).getFileName().toString())
                    .containsExactlyInAnyOrderElementsOf(generated.keySet());
            for (Map.Entry<String, byte[]> file : generated.entrySet()) {
                // gzip bytes depend on the zlib build; what they hold must not.
                assertThat(gunzip(FIXTURES.resolve(file.getKey())))
                        .as("regenerate with the command in BacktestFixtures")
                        .isEqualTo(new String(file.getValue(), StandardCharsets.UTF_8));
            }
        }

        @Test
        void thirtyOneDaysAreTwoFullWindowsScoredAndAThreeDayOne() throws IOException {
            JsonNode report = json(run(args("--format", "json")));

            assertThat(report.get("windowDays").asInt()).isEqualTo(14);
            assertThat(report.get("windows")).extracting(w -> w.get("decidedFrom").get("first").asText() + " -> "
                    + w.get("scoredOn").get("first").asText() + "+" + w.get("scoredOn").get("days").asInt())
                    .containsExactly("2026-11-02 -> 2026-11-16+14", "2026-11-16 -> 2026-11-30+3");
            assertThat(report.get("decisions")).hasSize(10);
        }

        @Test
        void onTheFixtureThePolicyLeavesNoFunctionOutOfMemoryAndSaves() throws IOException {
            JsonNode total = json(run(args("--format", "json"))).get("total");

            assertThat(total.get("outOfMemory").asLong()).isZero();
            assertThat(total.get("gbSecondsSaved").asDouble()).isPositive();
        }

        @Test
        void theProjectionFollowsTheWindowUnlessGiven() throws IOException {
            String reports = FIXTURES.resolve("reports.log.gz").toString();

            assertThat(json(run("backtest", "--format", "json", "--window-days", "7", reports)).get("decisions").get(0)
                    .get("reason").asText()).contains("in 9 days");
            assertThat(json(run("backtest", "--format", "json", "--window-days", "7", "--projection-days", "30",
                    reports)).get("decisions").get(0).get("reason").asText()).contains("in 30 days");
        }

        @Test
        void aPolicyOptionReachesTheDecisions() throws IOException {
            String imports = FIXTURES.resolve("imports.log.gz").toString();

            int withSpikes = json(run("backtest", "--format", "json", imports)).get("decisions").get(0)
                    .get("recommendedMemoryMb").asInt();
            int without = json(run("backtest", "--format", "json", "--spike-headroom-percent", "0", imports))
                    .get("decisions").get(0).get("recommendedMemoryMb").asInt();

            assertThat(without).isLessThan(withSpikes);
        }
    }

    @Nested
    class Output {

        @Test
        void theTableShowsADecisionPerRowThenWhatWouldHaveFailedTheWindowsAndTheTotal() {
            CliRun r = byHand();

            assertThat(r.exitCode()).as(r.err()).isZero();
            List<String> lines = r.out().lines().toList();
            assertThat(lines.get(2)).startsWith("FUNCTION  DECIDED FROM            DECISION  CURRENT MB  RECOMMENDED MB"
                    + "  NEXT INVOCATIONS  NEXT PEAK MB  OUT OF MEMORY  GB-S SAVED  $ SAVED");
            assertThat(lines.get(3)).matches("checkout\\s+2026-11-02\\.\\.2026-11-02\\s+DECREASE\\s+1024\\s+220\\s+4"
                    + "\\s+250\\s+2\\s+3\\.1\\s+\\$0\\.0001");
            assertThat(r.out()).contains(
                    "Would have run out of memory:",
                    "  checkout, decided from 2026-11-02..2026-11-02: 2 of 4 invocations needed more than 220 MB"
                            + " (next peak 250 MB); average daily max 200 MB",
                    "  2026-11-02..2026-11-02 -> 2026-11-03..2026-11-03: 1 decision, 4 invocations; 2 would have run"
                            + " out of memory (1 function); saved 3.1 GB-s ($0.0001)",
                    "Total: 2 decisions, 6 invocations; 4 would have run out of memory (2 function windows); saved"
                            + " 3.6 GB-s ($0.0001) (x86_64 prices).",
                    "Skipped: undated 1 (--verbose lists every kind of record skipped)",
                    "Savings compare the recommended size with the sizes that ran in the next window");
        }

        @Test
        void unknownOutOfMemoryShowsWithAQuestionMark() {
            CliRun r = run(args());

            assertThat(r.out().lines().filter(l -> l.startsWith("thumbnails")))
                    .allSatisfy(l -> assertThat(l).containsPattern(" 0 \\+\\d+\\? "));
        }

        @Test
        void csvHasAHeaderAndOneQuotedRowPerDecision() {
            CliRun r = byHand("--format", "csv");

            List<String> lines = r.out().lines().toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).isEqualTo(String.join(",", BacktestRenderers.CSV_HEADER));
            assertThat(lines.get(1)).startsWith("checkout,2026-11-02,2026-11-02,DECREASE,1024,220,2026-11-03,2026-11-03,"
                    + "4,250,2,0,0,4.000,0.859,3.141,0.000052,\"average daily max 200 MB + 0 MB = 200 MB, peak");
            assertThat(r.out()).contains("\r\n");
        }

        @Test
        void armPricesAreLower() throws IOException {
            double x86 = json(byHand("--format", "json")).get("total").get("usdSaved").asDouble();
            double arm = json(byHand("--format", "json", "--arch", "arm64")).get("total").get("usdSaved").asDouble();

            assertThat(arm).isLessThan(x86).isPositive();
        }
    }

    @Nested
    class Errors {

        @Test
        void logsOfOneWindowOrLessAreAOneLineErrorWithExitCodeOne() {
            CliRun r = run("backtest", STEPS);

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errLines()).containsExactly("rightsizer: the logs span 3 days (2026-11-02..2026-11-04): a"
                    + " backtest needs more than one window of 14 days (see --window-days)");
            assertThat(r.out()).isEmpty();
        }

        @Test
        void aMissingFileIsTheSameErrorAsAnalyzes() {
            CliRun r = run("backtest", "no-such.log");

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errLines()).containsExactly("rightsizer: cannot read 'no-such.log': no such file");
        }

        @Test
        void aWindowOfNoDaysIsAUsageError() {
            CliRun r = run("backtest", "--window-days", "0", STEPS);

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).containsExactly("rightsizer: --window-days must be between 1 and 365, got 0 (see"
                    + " 'rightsizer backtest --help')");
        }

        @Test
        void aPolicyKnobOutOfRangeNamesItsOption() {
            CliRun r = run("backtest", "--trend-confidence-percent", "100", STEPS);

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.errLines()).containsExactly("rightsizer: --trend-confidence-percent must be between 50 and 99,"
                    + " got 100 (see 'rightsizer backtest --help')");
        }

        @Test
        void onlyDatedReportsCanBeBacktested() {
            CliRun r = run("backtest", resource("logs/webhook.reports.txt"));

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.errLines()).last().isEqualTo("rightsizer: no dated usage reports to backtest (reports need a"
                    + " time to fall in a window)");
        }

        @Test
        void theHelpNamesTheWindowAndTheExitCodes() {
            String help = run("backtest", "--help").out().replaceAll("\\s+", " ");

            assertThat(help).contains("Usage: rightsizer backtest", "--window-days=DAYS", "(default: 14)",
                    "--spike-headroom-percent", "Exit codes: 0 ok, 1 an input could not be read or the logs span no"
                            + " more than one window, 2 usage error.");
        }
    }

    private static String[] args(String... options) {
        List<String> args = new ArrayList<>(List.of("backtest"));
        args.addAll(List.of(options));
        args.addAll(fixtures());
        return args.toArray(String[]::new);
    }

    private static String gunzip(Path file) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
