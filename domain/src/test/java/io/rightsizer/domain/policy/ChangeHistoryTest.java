package io.rightsizer.domain.policy;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChangeHistoryTest {

    private static final Instant AT = Instant.parse("2026-11-01T00:05:00Z");

    @Test
    void aHistoryOfRolledBackSizesAloneKnowsNoIncrease() {
        ChangeHistory h = new ChangeHistory(List.of(new RolledBackSize(512, AT)));

        assertThat(h.latestIncrease()).isEmpty();
        assertThat(h.largestFailedSize()).map(RolledBackSize::memoryMb).contains(512);
        assertThat(ChangeHistory.NONE.latestIncrease()).isEmpty();
    }

    @Test
    void theLastIncreasesStepIsInWholePercentRoundedUp() {
        assertThat(new LastIncrease(512, 768, AT).stepPercent()).isEqualTo(50);
        assertThat(new LastIncrease(300, 401, AT).stepPercent()).isEqualTo(34);
    }

    @Test
    void anIncreaseMustGoUp() {
        assertThatThrownBy(() -> new LastIncrease(768, 512, AT)).hasMessageContaining("768 -> 512");
    }
}
