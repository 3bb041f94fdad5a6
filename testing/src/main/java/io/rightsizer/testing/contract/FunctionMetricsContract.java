package io.rightsizer.testing.contract;

import io.rightsizer.domain.usage.FunctionMetrics;
import io.rightsizer.domain.usage.FunctionMetrics.DailyMetrics;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link FunctionMetrics} does, run against each implementation: Lambda's invocations, errors and duration
 * summed per UTC day of the asked range, by function name (every version together); days without data absent.
 */
public abstract class FunctionMetricsContract {

    protected static final String ORDERS = "arn:aws:lambda:us-east-1:123456789012:function:orders";

    /** The implementation under test, on the data {@link #publish} wrote. */
    protected abstract FunctionMetrics metrics();

    /** Publishes, as Lambda does after invocations of the named function at {@code time}. */
    protected abstract void publish(String functionName, Instant time, long invocations, long errors,
                                    double durationMsSum);

    protected static LocalDate day(String day) {
        return LocalDate.parse(day);
    }

    @Test
    void invocationsErrorsAndDurationAreSummedPerUtcDay() {
        publish("orders", Instant.parse("2026-11-02T00:00:00Z"), 10, 1, 1_000.5);
        publish("orders", Instant.parse("2026-11-02T13:20:00Z"), 30, 0, 3_000);
        publish("orders", Instant.parse("2026-11-02T23:59:00Z"), 5, 2, 500);
        publish("orders", Instant.parse("2026-11-03T00:01:00Z"), 7, 0, 700);

        Map<LocalDate, DailyMetrics> daily = metrics().daily(ORDERS, day("2026-11-02"), day("2026-11-03"));

        assertThat(daily).containsOnlyKeys(day("2026-11-02"), day("2026-11-03"));
        assertThat(daily.get(day("2026-11-02"))).isEqualTo(new DailyMetrics(45, 3, 4_500.5));
        assertThat(daily.get(day("2026-11-03"))).isEqualTo(new DailyMetrics(7, 0, 700));
    }

    @Test
    void onlyTheAskedDaysOfTheAskedFunctionAreReturnedAndDaysWithoutDataAreAbsent() {
        publish("orders", Instant.parse("2026-11-01T08:00:00Z"), 1, 0, 10);
        publish("orders", Instant.parse("2026-11-04T08:00:00Z"), 4, 0, 40);
        publish("orders-api", Instant.parse("2026-11-02T08:00:00Z"), 99, 9, 990);

        assertThat(metrics().daily(ORDERS, day("2026-11-02"), day("2026-11-03"))).isEmpty();
        assertThat(metrics().daily(ORDERS, day("2026-11-04"), day("2026-11-02"))).isEmpty();
        assertThat(metrics().daily(ORDERS, day("2026-11-01"), day("2026-11-04"))).containsOnlyKeys(
                day("2026-11-01"), day("2026-11-04"));
    }

    @Test
    void aDayWithInvocationsButNoErrorsPublishedHasZeroErrors() {
        publish("orders", Instant.parse("2026-11-02T08:00:00Z"), 12, 0, 120);

        assertThat(metrics().daily(ORDERS, day("2026-11-02"), day("2026-11-02")).get(day("2026-11-02")).errors())
                .isZero();
    }
}
