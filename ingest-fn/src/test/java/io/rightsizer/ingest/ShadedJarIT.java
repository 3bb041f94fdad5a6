package io.rightsizer.ingest;

import io.rightsizer.testing.ShadedJarCheck;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded {@code ingest-fn.jar}, alone in a fresh class loader, passes {@link ShadedJarCheck}; runs after the jar is built. */
class ShadedJarIT {

    @Test
    void theHandlerInTheJarNamesItsMissingEnvironmentAndLogsJsonThroughPowertoolsLayout() throws Exception {
        Path jar = Path.of(System.getProperty("rightsizer.ingest.jar", "target/ingest-fn.jar"));
        assertThat(ShadedJarCheck.run(jar, "io.rightsizer.ingest.IngestHandler")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("environment variable TABLE_NAME is missing")
                .hasMessageContaining("environment variable STATE_MACHINE_ARN is missing");
    }
}
