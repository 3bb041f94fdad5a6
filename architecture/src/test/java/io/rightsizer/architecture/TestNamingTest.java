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

    private static final Pattern TEST_METHOD = Pattern.compile(
            "@(?:Test|ParameterizedTest|RepeatedTest)\\b[^\\n]*\\n(?:\\s*@[^\\n]*\\n)*\\s*(?:public\\s+)?void\\s+(\\w+)\\s*\\(");
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
                        Matcher m = TEST_METHOD.matcher(read(p));
                        while (m.find()) {
                            String name = m.group(1);
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
