package io.rightsizer.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One naming style for tests across the reactor: a sentence in lower camel case that says the scenario and the
 * expected behaviour ({@code aRedeliveredBatchKeepsTheMaximumExact}), no underscores, no given/when/then markers.
 */
class TestNamingTest {

    // Qualified or not, and whatever the annotations between it and the method span (a @CsvSource over many lines).
    private static final Pattern TEST_ANNOTATION = Pattern.compile(
            "@(?:[\\w.]+\\.)?(?:Test|ParameterizedTest|RepeatedTest)\\b");
    private static final Pattern NEXT_METHOD = Pattern.compile("\\bvoid\\s+(\\w+)\\s*\\(");
    private static final Pattern SENTENCE = Pattern.compile("[a-z][a-zA-Z0-9]*");

    @Test
    void everyTestMethodOfEveryModuleIsNamedAsASentence() throws IOException {
        Path root = Path.of(System.getProperty("rightsizer.root", "..")).toAbsolutePath().normalize();
        List<String> tests = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> p.toString().contains("/src/test/java/") || p.toString().contains("/testing/src/main/"))
                    .filter(p -> !p.toString().contains("/target"))
                    .forEach(p -> {
                        String source = read(p);
                        Matcher annotation = TEST_ANNOTATION.matcher(source);
                        Matcher method = NEXT_METHOD.matcher(source);
                        while (annotation.find()) {
                            if (!method.find(annotation.end())) {
                                break;
                            }
                            String name = method.group(1);
                            tests.add(name);
                            if (!SENTENCE.matcher(name).matches() || name.startsWith("given")) {
                                offending.add(root.relativize(p) + ": " + name);
                            }
                        }
                    });
        }

        assertThat(tests).as("test methods found under " + root).hasSizeGreaterThan(300);
        assertThat(offending).as("test names that are not lower-camel-case sentences").isEmpty();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
