package io.rightsizer.domain.policy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicySettingsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        PolicySettings d = PolicySettings.DEFAULTS;

        assertThat(d.seedHeadroomMb()).isEqualTo(100);
        assertThat(d.peakHeadroomPercent()).isEqualTo(10);
        assertThat(d.maxMemoryMb()).isEqualTo(10240);
        assertThat(d.minChangeMb()).isEqualTo(64);
        assertThat(d.minChangePercent()).isEqualTo(10);
        assertThat(d.minDays()).isEqualTo(3);
        assertThat(d.minInvocations()).isEqualTo(100);
        assertThat(d.oomIncreasePercent()).isEqualTo(50);
    }

    @Test
    void anEmptyEnvironmentGivesTheDefaults() {
        assertThat(PolicySettings.fromEnvironment(Map.of())).isEqualTo(PolicySettings.DEFAULTS);
    }

    @Test
    void environmentVariablesOverrideOneKnobEach() {
        PolicySettings s = PolicySettings.fromEnvironment(Map.of("MAX_MEMORY_MB", "3008", "MIN_DAYS", " 7 "));

        assertThat(s.maxMemoryMb()).isEqualTo(3008);
        assertThat(s.minDays()).isEqualTo(7);
        assertThat(s.seedHeadroomMb()).isEqualTo(100);
    }

    @Test
    void toEnvironmentIsTheInverseOfFromEnvironment() {
        PolicySettings s = new PolicySettings(50, 20, 4096, 32, 5, 2, 10, 25);

        assertThat(PolicySettings.fromEnvironment(s.toEnvironment())).isEqualTo(s);
    }

    @Test
    void aNonNumberNamesTheVariable() {
        assertThatThrownBy(() -> PolicySettings.fromEnvironment(Map.of("MIN_CHANGE_MB", "lots")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MIN_CHANGE_MB must be a whole number, got 'lots'");
    }

    @Test
    void anUpperLimitAboveLambdasMaximumIsRefused() {
        assertThatThrownBy(() -> new PolicySettings(100, 10, 20_000, 64, 10, 3, 100, 50))
                .hasMessage("maxMemoryMb must be between 128 and 10240, got 20000");
    }

    @Test
    void zeroDaysIsRefused() {
        assertThatThrownBy(() -> new PolicySettings(100, 10, 10240, 64, 10, 0, 100, 50))
                .hasMessageContaining("minDays");
    }
}
