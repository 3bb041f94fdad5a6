package io.rightsizer.cli.operate;

import io.rightsizer.core.store.TableKeys;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;

/**
 * A function's {@code WINDOW} item as the operator commands read it: the claim ingest wrote plus the outcome the
 * state machine recorded.
 *
 * @param functionArn  the unqualified function ARN
 * @param functionName the function's name
 * @param accountId    the function's account
 * @param region       the function's region
 * @param windowStart  the window's start
 * @param windowEnd    the window's end
 * @param state        STARTING, STARTED or CLOSED
 * @param executionArn the window's execution, or {@code null}
 * @param outcome      the recorded outcome (APPLIED, KEPT, ...), or {@code null} while open
 */
record WindowView(String functionArn, String functionName, String accountId, String region, Instant windowStart,
                  Instant windowEnd, String state, String executionArn, String outcome) {

    static WindowView of(Map<String, AttributeValue> item) {
        String arn = str(item, TableKeys.FUNCTION_ARN);
        if (arn == null) {
            arn = TableKeys.functionArnOf(item.get(TableKeys.PK).s());
        }
        String[] parts = arn.split(":");
        String name = str(item, TableKeys.FUNCTION_NAME);
        return new WindowView(arn, name != null ? name : parts[parts.length - 1],
                orElse(str(item, TableKeys.ACCOUNT_ID), parts.length > 4 ? parts[4] : null),
                orElse(str(item, TableKeys.REGION), parts.length > 3 ? parts[3] : null),
                instant(item, TableKeys.WINDOW_START), instant(item, TableKeys.WINDOW_END),
                orElse(str(item, TableKeys.STATE), "STARTING"), str(item, TableKeys.EXECUTION_ARN),
                str(item, "outcome"));
    }

    boolean closed() {
        return "CLOSED".equals(state);
    }

    private static String orElse(String v, String fallback) {
        return v != null ? v : fallback;
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }
}
