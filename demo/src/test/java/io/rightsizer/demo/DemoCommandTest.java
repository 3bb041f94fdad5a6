package io.rightsizer.demo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code rightsizer demo} says before it starts anything (the run itself is {@link EndToEndTest}'s). */
class DemoCommandTest {

    @Test
    void aMissingExtensionIsNamedInOneLineAndTheDemoDoesNotStart() {
        String before = System.getProperty("rightsizer.extension");
        System.setProperty("rightsizer.extension", "/nonexistent/extensions/rightsizer-extension");
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int code = DemoCommand.run(List.of(), new PrintStream(out, true, StandardCharsets.UTF_8));

            assertThat(code).isEqualTo(1);
            assertThat(out.toString(StandardCharsets.UTF_8)).hasLineCount(1)
                    .startsWith("rightsizer demo: the Go-built extension is missing at /nonexistent/");
        } finally {
            if (before == null) {
                System.clearProperty("rightsizer.extension");
            } else {
                System.setProperty("rightsizer.extension", before);
            }
        }
    }

    @Test
    void anUnknownArgumentIsAUsageError() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = DemoCommand.run(List.of("--fast"), new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(code).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("unknown argument '--fast'")
                .contains(DemoCommand.USAGE);
    }
}
