package io.rightsizer.domain.usage;

import java.time.LocalDate;
import java.util.Map;

/**
 * What Lambda itself counts for every function, per UTC day: invocations, errors and duration, exact and free (the
 * platform publishes them whether or not Rightsizer runs), so the store need not count them report by report.
 */
public interface FunctionMetrics {

    /**
     * The function's metrics per UTC day from {@code fromInclusive} to {@code toInclusive}; a day without any datum is
     * absent (not zero), so a caller can tell "no metrics" from "no invocations".
     */
    Map<LocalDate, DailyMetrics> daily(String functionArn, LocalDate fromInclusive, LocalDate toInclusive);

    /**
     * One function's platform metrics over one UTC day.
     *
     * @param invocations   Lambda's {@code Invocations} (every invocation, failed ones included)
     * @param errors        Lambda's {@code Errors} (function errors, timeouts included)
     * @param durationMsSum Lambda's {@code Duration}, summed over the day's invocations
     */
    record DailyMetrics(long invocations, long errors, double durationMsSum) {

        public DailyMetrics {
            if (invocations < 0 || errors < 0 || !Double.isFinite(durationMsSum) || durationMsSum < 0) {
                throw new IllegalArgumentException("metrics must be finite and not negative: " + invocations + ", "
                        + errors + ", " + durationMsSum);
            }
        }
    }
}
