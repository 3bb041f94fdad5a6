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
    void dateAndSequenceSuffixesAreNoPartOfTheName() {
        assertThat(InputNames.functionName(Path.of("checkout-2025-06-01.log"))).isEqualTo("checkout");
        assertThat(InputNames.functionName(Path.of("checkout-2025-06-02.log"))).isEqualTo("checkout");
        assertThat(InputNames.functionName(Path.of("checkout_20250601.log.gz"))).isEqualTo("checkout");
        assertThat(InputNames.functionName(Path.of("checkout.2025-06-01T10-00-00Z.log"))).isEqualTo("checkout");
        assertThat(InputNames.functionName(Path.of("checkout-2025-06-01-3.log"))).isEqualTo("checkout");
        assertThat(InputNames.functionName(Path.of("checkout.log.1"))).isEqualTo("checkout");
        assertThat(InputNames.functionName(Path.of("checkout (2).log"))).isEqualTo("checkout");
        assertThat(InputNames.functionName(Path.of("checkout-part-0003.log"))).isEqualTo("checkout");
        assertThat(InputNames.functionName(Path.of("orders-v2.log"))).as("a version is part of the name")
                .isEqualTo("orders-v2");
        assertThat(InputNames.functionName(Path.of("resizer-3000.log"))).isEqualTo("resizer-3000");
    }

    @Test
    void aNumberAtTheEndWithoutADateBeforeItIsPartOfTheName() {
        assertThat(InputNames.functionName(Path.of("worker-1.log"))).isEqualTo("worker-1");
        assertThat(InputNames.functionName(Path.of("svc-07.log"))).as("svc-07 and svc-08 are two functions")
                .isEqualTo("svc-07");
        assertThat(InputNames.functionName(Path.of("svc-08-2025-06-01.log"))).isEqualTo("svc-08");
    }

    @Test
    void aNameOfNumbersOrDatesAloneIsNoFunction() {
        assertThat(InputNames.functionName(Path.of("exportedlogs/7f3a/000000.gz"))).isNull();
        assertThat(InputNames.functionName(Path.of("2025-06-01.log"))).isNull();
        assertThat(InputNames.functionName(Path.of("20250601-1.json"))).isNull();
    }

    @Test
    void aNameThatIsAllExtensionGivesNoFunction() {
        assertThat(InputNames.functionName(Path.of("..."))).isNull();
        assertThat(InputNames.functionName(Path.of("/"))).isNull();
    }
}
