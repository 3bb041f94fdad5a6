package io.rightsizer.cli.analyze;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class InputNamesTest {

    @Test
    void theFunctionIsTheBaseNameWithoutAnyExtension() {
        assertThat(InputNames.functionName(Path.of("orders.log"))).isEqualTo("orders");
        assertThat(InputNames.functionName(Path.of("fn-a.get-log-events.json"))).isEqualTo("fn-a");
        assertThat(InputNames.functionName(Path.of("exports/2026/billing-sync.log.gz"))).isEqualTo("billing-sync");
        assertThat(InputNames.functionName(Path.of("payments"))).isEqualTo("payments");
    }

    @Test
    void aHiddenFilesLeadingDotIsNotAnExtension() {
        assertThat(InputNames.functionName(Path.of(".scratch.log"))).isEqualTo("scratch");
    }

    @Test
    void aNameThatIsAllExtensionGivesNoFunction() {
        assertThat(InputNames.functionName(Path.of("..."))).isNull();
        assertThat(InputNames.functionName(Path.of("/"))).isNull();
    }
}
