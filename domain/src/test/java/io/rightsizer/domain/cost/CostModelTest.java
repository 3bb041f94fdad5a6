package io.rightsizer.domain.cost;

import io.rightsizer.domain.fold.WindowFigures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CostModelTest {

    /** 10 days, one million invocations of 1 s billed each. */
    private static final WindowFigures TEN_DAYS = new WindowFigures(10, 1_000_000, 300, 250, 0, 0, 0,
            1_000_000_000L, 990_000_000.0, false, 1024);

    @Test
    void x86PricesBilledGbSecondsPlusRequestsScaledToThirtyDays() {
        // 1,000,000 s at 1 GB = 1,000,000 GB-s; x 0.0000166667 = 16.6667 USD; + 0.20 USD of requests; x 30/10.
        double usd = new CostModel(Architecture.X86_64).monthlyUsd(TEN_DAYS, 1024);

        assertThat(usd).isCloseTo((16.6667 + 0.20) * 3, within(1e-9));
    }

    @Test
    void arm64IsCheaperPerGbSecond() {
        double usd = new CostModel(Architecture.ARM64).monthlyUsd(TEN_DAYS, 1024);

        assertThat(usd).isCloseTo((13.3334 + 0.20) * 3, within(1e-9));
        assertThat(usd).isLessThan(new CostModel(Architecture.X86_64).monthlyUsd(TEN_DAYS, 1024));
    }

    @Test
    void durationCostScalesWithMemoryAndRequestsDoNot() {
        CostModel model = new CostModel(Architecture.X86_64);

        double full = model.monthlyUsd(TEN_DAYS, 1024);
        double half = model.monthlyUsd(TEN_DAYS, 512);

        assertThat(half).isCloseTo((16.6667 / 2 + 0.20) * 3, within(1e-9));
        assertThat(full - half).isCloseTo(16.6667 / 2 * 3, within(1e-9));
    }

    @Test
    void aThirtyDayWindowIsItsOwnMonth() {
        WindowFigures thirty = new WindowFigures(30, 1_000_000, 300, 250, 0, 0, 0, 1_000_000_000L, 0, false, 1024);

        assertThat(new CostModel(Architecture.X86_64).monthlyUsd(thirty, 1024))
                .isCloseTo(16.6667 + 0.20, within(1e-9));
    }

    @Test
    void oneDayIsMultipliedByThirty() {
        WindowFigures one = new WindowFigures(1, 1_000_000, 300, 250, 0, 0, 0, 1_000_000_000L, 0, false, 1024);

        assertThat(new CostModel(Architecture.ARM64).monthlyUsd(one, 2048))
                .isCloseTo((13.3334 * 2 + 0.20) * 30, within(1e-9));
    }

    @Test
    void anEmptyWindowCostsNothing() {
        WindowFigures empty = new WindowFigures(0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0);

        assertThat(new CostModel(Architecture.X86_64).monthlyUsd(empty, 1024)).isZero();
    }

    @Test
    void estimateGivesTheCostNowAndAtTheRecommendationAndTheSavings() {
        MonthlyCost cost = new CostModel(Architecture.X86_64).estimate(TEN_DAYS, 1024, 512);

        assertThat(cost.current()).isCloseTo((16.6667 + 0.20) * 3, within(1e-9));
        assertThat(cost.recommended()).isCloseTo((16.6667 / 2 + 0.20) * 3, within(1e-9));
        assertThat(cost.savings()).isCloseTo(16.6667 / 2 * 3, within(1e-9));
    }

    @Test
    void architecturesParseTheirLambdaNamesAndCommonAliases() {
        assertThat(Architecture.parse("x86_64")).isEqualTo(Architecture.X86_64);
        assertThat(Architecture.parse("AMD64")).isEqualTo(Architecture.X86_64);
        assertThat(Architecture.parse("arm64")).isEqualTo(Architecture.ARM64);
        assertThat(Architecture.parse(" aarch64 ")).isEqualTo(Architecture.ARM64);
        assertThat(Architecture.ARM64.lambdaName()).isEqualTo("arm64");
        assertThatThrownBy(() -> Architecture.parse("sparc"))
                .hasMessage("unknown architecture 'sparc' (expected x86_64 or arm64)");
    }

    @Test
    void aNegativeCostIsRefused() {
        assertThatThrownBy(() -> new MonthlyCost(-1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
