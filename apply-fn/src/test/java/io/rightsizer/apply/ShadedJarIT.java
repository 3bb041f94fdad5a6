package io.rightsizer.apply;

import io.rightsizer.testing.ShadedJarCheck;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded {@code apply-fn.jar}, alone in a fresh class loader, passes {@link ShadedJarCheck}; runs after the jar is built. */
class ShadedJarIT {

    @Test
    void theHandlerInTheJarNamesItsMissingEnvironmentAndLogsJsonThroughPowertoolsLayout() throws Exception {
        Path jar = Path.of(System.getProperty("rightsizer.apply.jar", "target/apply-fn.jar"));
        assertThat(ShadedJarCheck.run(jar, "io.rightsizer.apply.ApplyHandler")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TABLE_NAME must be set");
    }
}
