package io.rightsizer.ingest;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestConfigTest {

    private static final String SM = "arn:aws:states:us-east-1:123456789012:stateMachine:Rightsizer";

    @Test
    void defaultsApplyWhenOnlyTheRequiredVariablesAreSet() {
        IngestConfig config = IngestConfig.fromEnvironment(Map.of("TABLE_NAME", "rightsizer", "STATE_MACHINE_ARN", SM));

        assertThat(config.windowDays()).isEqualTo(14);
        assertThat(config.dayTtlDays()).isEqualTo(60);
        assertThat(config.closeGraceDays()).isEqualTo(8);
    }

    @Test
    void theCloseGraceFollowsTheWatchAndAShorterOneIsRefusedAtStart() {
        assertThat(IngestConfig.fromEnvironment(Map.of("TABLE_NAME", "t", "STATE_MACHINE_ARN", SM,
                "WATCH_SECONDS", "172800")).closeGraceDays()).isEqualTo(11);
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of("TABLE_NAME", "t", "STATE_MACHINE_ARN", SM,
                "WINDOW_CLOSE_GRACE_DAYS", "2")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WINDOW_CLOSE_GRACE_DAYS (2) is shorter than an execution outlives its window"
                        + " with WATCH_SECONDS=86400: at least 8 days");
    }

    @Test
    void everyMissingVariableIsNamedInOneError() {
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TABLE_NAME is missing")
                .hasMessageContaining("STATE_MACHINE_ARN is missing");
    }

    @Test
    void invalidValuesAreNamed() {
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of("TABLE_NAME", "t", "STATE_MACHINE_ARN", SM,
                "WINDOW_DAYS", "two weeks"))).hasMessageContaining("WINDOW_DAYS");
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of("TABLE_NAME", "t", "STATE_MACHINE_ARN", SM,
                "WINDOW_DAYS", "30", "DAY_TTL_DAYS", "20"))).hasMessageContaining("DAY_TTL_DAYS");
        assertThatThrownBy(() -> IngestConfig.fromEnvironment(Map.of("TABLE_NAME", "t",
                "STATE_MACHINE_ARN", "Rightsizer"))).hasMessageContaining("STATE_MACHINE_ARN");
    }
}
