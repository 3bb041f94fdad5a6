package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;
import io.rightsizer.logs.ParseFixtures.Parsed;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every export shape people hand over, one fixture each under {@code shapes/}, with what reading it must give
 * ({@code shapes/expected.tsv}).
 */
class ExportShapesTest {

    /** One line of {@code shapes/expected.tsv}. */
    record Shape(String file, long reports, int peakMb, long outOfMemory, int days, List<String> functions,
            String description) {

        @Override
        public String toString() {
            return file + " (" + description + ")";
        }
    }

    static List<Shape> shapes() {
        List<Shape> shapes = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(ExportShapesTest.class.getResourceAsStream("/shapes/expected.tsv")),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                shapes.add(new Shape(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3]),
                        Integer.parseInt(f[4]), Arrays.asList(f[5].split(",")), f[6]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return shapes;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void eachShapeGivesItsReportsPeakOutOfMemoryCountDaysAndFunctions(Shape shape) {
        Parsed parsed = ParseFixtures.parse(ParseFixtures.shape(shape.file()), "fn");

        List<InvocationUsage> usages = parsed.usages();
        assertThat(usages).as("reports").hasSize((int) shape.reports());
        assertThat(usages.stream().mapToInt(InvocationUsage::maxMemoryUsedMb).max().orElse(0)).as("peak")
                .isEqualTo(shape.peakMb());
        assertThat(usages.stream().filter(InvocationUsage::outOfMemory).count()).as("out of memory")
                .isEqualTo(shape.outOfMemory());
        Set<LocalDate> days = new HashSet<>();
        usages.forEach(u -> days.add(u.time() == null ? null : LocalDate.ofInstant(u.time(), ZoneOffset.UTC)));
        assertThat(days).as("days").hasSize(shape.days());
        assertThat(new TreeSet<>(usages.stream().map(InvocationUsage::function).toList())).as("functions")
                .containsExactlyElementsOf(new TreeSet<>(shape.functions()));
        assertThat(parsed.stats().reports()).isEqualTo(shape.reports());
        assertThat(parsed.stats().skipped(ParseStats.MALFORMED)).as("malformed").isZero();
    }
}
