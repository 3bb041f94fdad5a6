package io.rightsizer.domain.cost;

import io.rightsizer.domain.fold.WindowFigures;

import java.util.Objects;

/**
 * Prices a window's observed traffic at a given memory size and scales it to 30 days.
 *
 * <p>Duration is assumed unchanged by a memory change. That holds for memory-bound work; CPU scales with memory
 * (1769 MB is one vCPU), so a CPU-bound function may run longer on less memory.
 */
public final class CostModel {

    /** USD per request, any architecture. */
    public static final double USD_PER_REQUEST = 0.20 / 1_000_000;
    /** The month the estimates are scaled to. */
    public static final int DAYS_PER_MONTH = 30;

    private final Architecture architecture;

    public CostModel(Architecture architecture) {
        this.architecture = Objects.requireNonNull(architecture, "architecture");
    }

    public Architecture architecture() {
        return architecture;
    }

    /** The 30-day cost of the window's billed time and requests at {@code memoryMb}. */
    public double monthlyUsd(WindowFigures window, int memoryMb) {
        if (window.days() == 0) {
            return 0;
        }
        double gbSeconds = window.billedMsSum() / 1000.0 * (memoryMb / 1024.0);
        double windowUsd = gbSeconds * architecture.usdPerGbSecond() + window.invocations() * USD_PER_REQUEST;
        return windowUsd * DAYS_PER_MONTH / window.days();
    }

    /** The 30-day cost at the current and at the recommended memory. */
    public MonthlyCost estimate(WindowFigures window, int currentMb, int recommendedMb) {
        return new MonthlyCost(monthlyUsd(window, currentMb), monthlyUsd(window, recommendedMb));
    }
}
