package io.rightsizer.cli.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rightsizer.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed {@code examples/} are the generator's output, small enough for the repository, and show every decision in
 * every format with the dollars of a real fleet.
 */
class ExamplesTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("rightsizer.examples.dir", "../examples"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, byte[]> GENERATED = new ExampleLogGenerator().generate();
    /** Invocations in each sampled format: the first few of every function's day. */
    private static final long GENERATED_SAMPLE = ExampleLogGenerator.PROFILES.stream()
            .mapToLong(p -> (long) ExampleLogGenerator.DAYS * Math.min(p.invocationsPerDay(),
                    ExampleLogGenerator.SAMPLE_PER_DAY)).sum();

    @Test
    void theCommittedExamplesAreExactlyWhatTheSeededGeneratorWrites() throws IOException {
        TreeSet<String> committed = new TreeSet<>();
        try (Stream<Path> files = Files.walk(EXAMPLES)) {
            files.filter(Files::isRegularFile).map(p -> EXAMPLES.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.equals("README.md"))
                    .forEach(committed::add);
        }
        assertThat(committed).as("regenerate with the command in examples/README.md")
                .isEqualTo(new TreeSet<>(GENERATED.keySet()));
        for (Map.Entry<String, byte[]> file : GENERATED.entrySet()) {
            byte[] onDisk = Files.readAllBytes(EXAMPLES.resolve(file.getKey()));
            // gzip bytes depend on the zlib build; what they hold must not.
            assertThat(content(file.getKey(), onDisk)).as(file.getKey())
                    .isEqualTo(content(file.getKey(), file.getValue()));
        }
    }

    @Test
    void twoGeneratorRunsAreIdentical() {
        Map<String, byte[]> again = new ExampleLogGenerator().generate();

        assertThat(again.keySet()).containsExactlyElementsOf(GENERATED.keySet());
        GENERATED.forEach((path, bytes) -> assertThat(content(path, again.get(path))).isEqualTo(content(path, bytes)));
    }

    @Test
    void theExamplesStaySmall() {
        long total = GENERATED.values().stream().mapToLong(b -> b.length).sum();

        assertThat(total).isLessThan(3_000_000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"aws-logs-tail", "console-copy", "telemetry-api", "json-lines", "json-log-format",
        "get-log-events", "filter-log-events", "subscription"})
    void everyDatedFormatShowsEveryDecision(String format) throws IOException {
        JsonNode report = analyze(format);

        assertThat(report.get("functions")).extracting(f -> f.get("function").asText() + " " + f.get("decision")
                .asText()).containsExactly("billing-sync KEEP", "etl-loader DECREASE", "image-resizer INCREASE",
                        "nightly-report INSUFFICIENT_DATA", "orders-api DECREASE", "pdf-renderer DECREASE");
        assertThat(report.get("skipped").has("malformed")).as(report.get("skipped").toString()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"console-copy", "telemetry-api", "json-lines", "json-log-format", "get-log-events",
        "filter-log-events", "subscription"})
    void everySampledFormatGivesTheSameFigures(String format) throws IOException {
        // These formats carry the same sample of invocations, so they must give the same figures.
        assertThat(analyze(format).get("functions")).isEqualTo(analyze("json-lines").get("functions"));
    }

    @Test
    void theFullTrafficSavesWhatARealFleetWould() throws IOException {
        JsonNode report = analyze("aws-logs-tail");

        double saved = 0;
        for (JsonNode f : report.get("functions")) {
            if ("DECREASE".equals(f.get("decision").asText())) {
                JsonNode cost = f.get("monthlyCostUsd");
                saved += cost.get("current").asDouble() - cost.get("recommended").asDouble();
            }
        }
        assertThat(saved).as("dollars a month a user recognises, not fractions of a cent").isBetween(30.0, 100.0);
    }

    @Test
    void plainReportLinesCarryNoTimeSoTheyAreOneUndatedDay() throws IOException {
        JsonNode report = analyze("report-lines");

        assertThat(report.get("functions")).hasSize(6).allSatisfy(f -> {
            assertThat(f.get("days").asInt()).isEqualTo(1);
            assertThat(f.get("dailyMaxima").get(0).get("day").isNull()).isTrue();
        });
        // One day is too little to size from, but running out of memory is evidence enough to raise.
        assertThat(report.get("functions")).extracting(f -> f.get("function").asText() + " " + f.get("decision")
                .asText()).containsExactly("billing-sync INSUFFICIENT_DATA", "etl-loader INSUFFICIENT_DATA",
                        "image-resizer INCREASE", "nightly-report INSUFFICIENT_DATA", "orders-api INSUFFICIENT_DATA",
                        "pdf-renderer INSUFFICIENT_DATA");
        assertThat(report.get("skipped").has("malformed")).isFalse();
    }

    @Test
    void theWholeFolderGivesTheFiguresOfOneFormatBecauseEveryInvocationCountsOnce() throws IOException {
        CliRun folder = CliRun.run("analyze", "--format", "json", EXAMPLES.toString());
        List<String> everything = new ArrayList<>(List.of("analyze", "--format", "json"));
        try (Stream<Path> entries = Files.list(EXAMPLES)) {
            entries.sorted().map(Path::toString).forEach(everything::add); // what the shell makes of examples/*
        }
        CliRun star = CliRun.run(everything.toArray(String[]::new));

        assertThat(folder.exitCode()).as(folder.err()).isZero();
        JsonNode report = JSON.readTree(folder.out());
        assertThat(report.get("functions")).isEqualTo(analyze("aws-logs-tail").get("functions"));
        long sampled = GENERATED_SAMPLE;
        assertThat(report.get("skipped").get("duplicate").asLong()).as("8 more copies of the sampled invocations")
                .isEqualTo(8 * sampled);
        assertThat(star.exitCode()).as(star.err()).isZero();
        assertThat(JSON.readTree(star.out())).isEqualTo(report);
        assertThat(star.errLines()).containsExactly("rightsizer: note: 1 of " + (GENERATED.size() + 1) + " inputs"
                + " held no usage report: '" + EXAMPLES.resolve("README.md") + "' ("
                + Files.readAllLines(EXAMPLES.resolve("README.md")).size() + " lines, all application output;"
                + " no REPORT line and no platform.report record)");
    }

    private static JsonNode analyze(String format) throws IOException {
        List<String> args = new ArrayList<>(List.of("analyze", "--format", "json"));
        try (Stream<Path> files = Files.list(EXAMPLES.resolve(format))) {
            files.sorted().map(Path::toString).forEach(args::add);
        }
        CliRun r = CliRun.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static String content(String path, byte[] bytes) {
        if (!path.endsWith(".gz")) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
