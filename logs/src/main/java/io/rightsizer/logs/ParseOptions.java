package io.rightsizer.logs;

/**
 * Where an input's records belong when the record itself does not say.
 *
 * @param defaultFunction the function records without their own identity (no {@code /aws/lambda/<name>} log group,
 *                        no {@code functionName} field) are booked to; {@code null} counts such records as skipped
 *                        kind {@value ParseStats#NO_FUNCTION}
 */
public record ParseOptions(String defaultFunction) {

    public ParseOptions {
        if (defaultFunction != null && defaultFunction.isBlank()) {
            throw new IllegalArgumentException("defaultFunction must not be blank (use null for none)");
        }
    }

    /** Options without a default function: only records that name their function are kept. */
    public static ParseOptions withoutDefaultFunction() {
        return new ParseOptions(null);
    }

    /** Options booking records without their own identity to {@code function}. */
    public static ParseOptions defaultFunction(String function) {
        return new ParseOptions(function);
    }
}
