package io.rightsizer.domain.policy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicySettingsTest {

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        PolicySettings d = PolicySettings.DEFAULTS;

        assertThat(d.seedHeadroomMb()).isEqualTo(25);
        assertThat(d.peakHeadroomPercent()).isEqualTo(5);
        assertThat(d.maxMemoryMb()).isEqualTo(10240);
        assertThat(d.minChangeMb()).isEqualTo(64);
        assertThat(d.minChangePercent()).isEqualTo(10);
        assertThat(d.minDays()).isEqualTo(3);
        assertThat(d.minInvocations()).isEqualTo(100);
        assertThat(d.oomIncreasePercent()).isEqualTo(50);
        assertThat(d.oomMaxIncreasePercent()).isEqualTo(100);
        assertThat(d.projectionDays()).isEqualTo(16);
        assertThat(d.trendConfidencePercent()).isEqualTo(95);
        assertThat(d.spikeHeadroomPercent()).isEqualTo(60);
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
        assertThat(s.seedHeadroomMb()).isEqualTo(25);
    }

    @Test
    void toEnvironmentIsTheInverseOfFromEnvironment() {
        PolicySettings s = new PolicySettings(50, 20, 4096, 32, 5, 2, 10, 25, 150, 30, 90, 40);

        assertThat(PolicySettings.fromEnvironment(s.toEnvironment())).isEqualTo(s);
    }

    @Test
    void theNewKnobsHaveTheirOwnVariables() {
        PolicySettings s = PolicySettings.fromEnvironment(Map.of("OOM_MAX_INCREASE_PERCENT", "200",
                "PROJECTION_DAYS", "0", "TREND_CONFIDENCE_PERCENT", "99", "SPIKE_HEADROOM_PERCENT", "0"));

        assertThat(s.oomMaxIncreasePercent()).isEqualTo(200);
        assertThat(s.projectionDays()).isZero();
        assertThat(s.trendConfidencePercent()).isEqualTo(99);
        assertThat(s.spikeHeadroomPercent()).isZero();
    }

    @Test
    void theLargestOutOfMemoryStepIsNeverBelowTheSmallest() {
        assertThatThrownBy(() -> new PolicySettings(25, 5, 10240, 64, 10, 3, 100, 80, 60, 16, 95, 60))
                .hasMessage("oomMaxIncreasePercent must be between 80 and 1000, got 60");
        assertThat(PolicySettings.fromEnvironment(Map.of("OOM_INCREASE_PERCENT", "150")).oomMaxIncreasePercent())
                .isEqualTo(150);
    }

    @Test
    void aTrendConfidenceOutsideFiftyToNinetyNineIsRefused() {
        assertThatThrownBy(() -> PolicySettings.fromEnvironment(Map.of("TREND_CONFIDENCE_PERCENT", "100")))
                .hasMessage("trendConfidencePercent must be between 50 and 99, got 100");
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
