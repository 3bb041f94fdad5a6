package io.rightsizer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.rightsizer.testing.LocalLambdaListing;
import io.rightsizer.testing.insights.LocalLogsInsights;
import io.rightsizer.testing.insights.ReportLines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded jar the launcher runs, run as its own small-heap process: its manifest, its exit codes and its output.
 * Runs in the package phase, after the jar is built.
 */
class ShadedJarIT {

    private static final Path JAR = Path.of(System.getProperty("rightsizer.cli.jar", "target/rightsizer-cli.jar"));
    private static final Path EXAMPLES = Path.of(System.getProperty("rightsizer.examples.dir", "../examples"));

    /** What a finished process printed. */
    private record Result(int exitCode, String out, String err) {
    }

    private static Result java(String... args) throws IOException, InterruptedException {
        assertThat(JAR).as("the shaded jar must be built before this test").isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("rightsizer-out", ".txt");
        Path err = Files.createTempFile("rightsizer-err", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("rightsizer did not finish within 60 s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void theJarAnalysesTheShippedExamples() throws Exception {
        List<String> args = new ArrayList<>(List.of("analyze", "--format", "json", "--arch", "arm64"));
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("subscription"))) {
            files.sorted().map(Path::toString).forEach(args::add);
        }

        Result r = java(args.toArray(String[]::new));

        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.get("functions")).extracting(f -> f.get("decision").asText())
                .containsExactly("KEEP", "DECREASE", "INCREASE", "INSUFFICIENT_DATA", "DECREASE", "DECREASE");
        assertThat(report.get("architecture").asText()).isEqualTo("arm64");
    }

    @Test
    void theJarReportsAMissingFileInOneLineWithExitCodeOne() throws Exception {
        Result r = java("analyze", "does-not-exist.log");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("rightsizer: cannot read 'does-not-exist.log': no such file" + System.lineSeparator());
        assertThat(r.out()).isEmpty();
    }

    @Test
    void theJarReportsABadFlagWithExitCodeTwo() throws Exception {
        Result r = java("analyze", "--min-days", "0", "x.log");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).singleElement().asString().startsWith("rightsizer: --min-days must be between 1");
    }

    @Test
    void theJarScansAnAccountQuietlyThroughTheAwsSdk() throws Exception {
        try (LocalLambdaListing lambda = LocalLambdaListing.start(); LocalLogsInsights logs = LocalLogsInsights.start()) {
            lambda.add(new LocalLambdaListing.Function("orders", 1024, "x86_64", "Text", null));
            LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
            List<LocalLogsInsights.Event> events = new ArrayList<>();
            for (int day = 0; day < 3; day++) {
                Instant at = yesterday.minusDays(day).atTime(12, 0).toInstant(ZoneOffset.UTC);
                events.add(new LocalLogsInsights.Event(at.toEpochMilli(), ReportLines.text(
                        new ReportLines.Report("r" + day, 10, 10, 1024, 200, null, null, null))));
            }
            logs.putEvents("/aws/lambda/orders", "s", events);

            Result r = java("scan", "--format", "json", "--region", "us-east-1",
                    "--lambda-endpoint", lambda.endpoint().toString(), "--logs-endpoint", logs.endpoint().toString());

            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode report = new ObjectMapper().readTree(r.out());
            assertThat(report.get("functions")).singleElement().satisfies(f -> {
                assertThat(f.get("function").asText()).isEqualTo("orders");
                assertThat(f.get("reports").asInt()).isEqualTo(3);
            });
            // The SDK logs through SLF4J: without a provider it would print its own warning lines here.
            assertThat(r.err().lines()).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("rightsizer: "));
        }
    }

    @Test
    void theJarKnowsItsVersion() throws Exception {
        Result r = java("--version");

        assertThat(r.exitCode()).isZero();
        assertThat(r.out().strip()).matches("rightsizer \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
