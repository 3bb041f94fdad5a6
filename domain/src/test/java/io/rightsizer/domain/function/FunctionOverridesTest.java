package io.rightsizer.domain.function;

import io.rightsizer.domain.policy.PolicySettings;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FunctionOverridesTest {

    @Test
    void noOverrideTagsLeaveTheDeploymentsSettingsInForce() {
        FunctionOverrides o = FunctionOverrides.fromTags(Map.of("team", "payments"));

        assertThat(o.any()).isFalse();
        assertThat(o.applyTo(PolicySettings.DEFAULTS)).isSameAs(PolicySettings.DEFAULTS);
    }

    @Test
    void everyOverrideTagIsReadWithBlanksAndCaseForgiven() {
        FunctionOverrides o = FunctionOverrides.fromTags(Map.of("rightsizer:mode", " Recommend ",
                "rightsizer:min-mb", "256", "rightsizer:max-mb", " 2048", "rightsizer:headroom-mb", "100"));

        assertThat(o.mode()).contains(ChangeMode.RECOMMEND);
        assertThat(o.minMb()).contains(256);
        assertThat(o.maxMb()).contains(2048);
        assertThat(o.headroomMb()).contains(100);
        PolicySettings p = o.applyTo(PolicySettings.DEFAULTS);
        assertThat(p.maxMemoryMb()).isEqualTo(2048);
        assertThat(p.seedHeadroomMb()).isEqualTo(100);
        assertThat(p.minChangeMb()).isEqualTo(PolicySettings.DEFAULTS.minChangeMb());
        assertThat(o.sizeNotes()).containsExactly("headroom 100 MB from tag rightsizer:headroom-mb",
                "at least 256 MB from tag rightsizer:min-mb", "at most 2048 MB from tag rightsizer:max-mb");
    }

    @Test
    void anUnknownModeIsRefusedNamingTheTagAndItsValue() {
        assertThatThrownBy(() -> FunctionOverrides.fromTags(Map.of("rightsizer:mode", "yolo")))
                .isInstanceOf(InvalidOverrideException.class)
                .hasMessage("tag rightsizer:mode=yolo is neither recommend nor apply");
    }

    @Test
    void aSizeThatIsNoNumberIsRefused() {
        assertThatThrownBy(() -> FunctionOverrides.fromTags(Map.of("rightsizer:min-mb", "1GB")))
                .hasMessage("tag rightsizer:min-mb=1GB is not a whole number of MB");
        assertThatThrownBy(() -> FunctionOverrides.fromTags(Map.of("rightsizer:headroom-mb", "-5")))
                .hasMessage("tag rightsizer:headroom-mb=-5 is not a whole number of MB");
    }

    @Test
    void sizesOutsideLambdasLimitsAreRefused() {
        assertThatThrownBy(() -> FunctionOverrides.fromTags(Map.of("rightsizer:max-mb", "20000")))
                .hasMessage("tag rightsizer:max-mb=20000 is outside Lambda's memory sizes (128..10240 MB)");
        assertThatThrownBy(() -> FunctionOverrides.fromTags(Map.of("rightsizer:min-mb", "64")))
                .hasMessage("tag rightsizer:min-mb=64 is outside Lambda's memory sizes (128..10240 MB)");
        assertThatThrownBy(() -> FunctionOverrides.fromTags(Map.of("rightsizer:headroom-mb", "20000")))
                .hasMessageContaining("rightsizer:headroom-mb=20000");
    }

    @Test
    void aMinimumAboveTheMaximumIsRefused() {
        assertThatThrownBy(() -> FunctionOverrides.fromTags(Map.of("rightsizer:min-mb", "1024",
                "rightsizer:max-mb", "512")))
                .hasMessage("tags rightsizer:min-mb=1024 and rightsizer:max-mb=512 contradict each other (the minimum"
                        + " is above the maximum)");
    }

    @Test
    void overridesBuiltInCodeAreValidatedLikeTags() {
        assertThatThrownBy(() -> new FunctionOverrides(Optional.empty(), Optional.of(100), Optional.empty(),
                Optional.empty())).isInstanceOf(InvalidOverrideException.class);
    }
}
