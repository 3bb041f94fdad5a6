package io.rightsizer.apply;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the state machine's Apply and Rollback tasks send.
 *
 * @param mode               {@code apply} or {@code rollback}
 * @param functionArn        the unqualified function ARN
 * @param functionName       the function's name
 * @param windowStart        the window's start (ISO-8601)
 * @param windowEnd          the window's end (ISO-8601)
 * @param executionArn       the execution running the step (the audit key that makes repeats harmless)
 * @param expectedMemoryMb   the size the function must still have; anything else means someone changed it
 * @param targetMemoryMb     the size to set
 * @param expectedRevisionId the revision read by Evaluate; {@code null} when the API gave none (apply only)
 * @param reason             why (rollback only; apply takes the decision's reason)
 * @param decision           evaluate-fn's decision, kept in the audit item (apply only)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApplyRequest(
        String mode,
        String functionArn,
        String functionName,
        String windowStart,
        String windowEnd,
        String executionArn,
        int expectedMemoryMb,
        int targetMemoryMb,
        String expectedRevisionId,
        String reason,
        JsonNode decision) {

    private static final Pattern FUNCTION_ARN =
            Pattern.compile("arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,140}");

    public ApplyRequest {
        String m = mode == null ? "apply" : mode.trim().toLowerCase(Locale.ROOT);
        if (!m.equals("apply") && !m.equals("rollback")) {
            throw new InvalidApplyRequestException("mode must be apply or rollback, got '" + mode + "'");
        }
        mode = m;
        if (functionArn == null || !FUNCTION_ARN.matcher(functionArn).matches()) {
            throw new InvalidApplyRequestException("functionArn must be an unqualified Lambda function ARN, got '"
                    + functionArn + "'");
        }
        if (executionArn == null || executionArn.isBlank()) {
            throw new InvalidApplyRequestException("executionArn is required (it keys the audit record)");
        }
        if (expectedMemoryMb <= 0 || targetMemoryMb <= 0) {
            throw new InvalidApplyRequestException("expectedMemoryMb and targetMemoryMb must be positive, got "
                    + expectedMemoryMb + " and " + targetMemoryMb);
        }
    }

    /** Whether this is the rollback towards the previous size. */
    public boolean rollback() {
        return mode.equals("rollback");
    }
}
