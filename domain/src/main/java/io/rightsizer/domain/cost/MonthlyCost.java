package io.rightsizer.domain.cost;

/**
 * Estimated Lambda cost of a function over 30 days at its current and at the recommended memory, in USD.
 *
 * @param current     at the configured memory
 * @param recommended at the recommended memory, assuming durations stay the same
 */
public record MonthlyCost(double current, double recommended) {

    public MonthlyCost {
        if (current < 0 || recommended < 0 || Double.isNaN(current) || Double.isNaN(recommended)) {
            throw new IllegalArgumentException("costs must be non-negative numbers");
        }
    }

    /** What the change saves per month (negative when it costs more). */
    public double savings() {
        return current - recommended;
    }
}
