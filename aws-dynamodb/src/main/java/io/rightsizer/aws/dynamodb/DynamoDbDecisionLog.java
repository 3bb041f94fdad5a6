package io.rightsizer.aws.dynamodb;

import io.rightsizer.domain.decision.DecisionLog;
import io.rightsizer.domain.decision.DecisionLogUnavailableException;
import io.rightsizer.domain.decision.DecisionRecord;
import io.rightsizer.domain.decision.DecisionStatus;
import io.rightsizer.domain.decision.DecisionStep;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Keeps the audit trail as {@code DECISION#<iso time>#<step>} items beside the function's day items, and each intent as
 * {@code DECISION#<iso time>#<step>#INTENT}, written before the change it announces.
 */
public final class DynamoDbDecisionLog implements DecisionLog {

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoDbDecisionLog(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        if (tableName.isBlank()) {
            throw new IllegalArgumentException("tableName must not be blank");
        }
    }

    @Override
    public void record(DecisionRecord r) {
        boolean intent = r.status() == DecisionStatus.INTENDED;
        boolean known = ofExecution(r.functionArn(), r.executionArn()).stream()
                .filter(e -> e.sameChange(r.executionArn(), r.step(), r.fromMemoryMb(), r.toMemoryMb()))
                .anyMatch(e -> intent || e.status().isFinal());
        if (known) {
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSchema.PK, s(TableSchema.functionPk(r.functionArn())));
        // The step in the key keeps an apply and a rollback recorded within one millisecond apart; the suffix keeps an
        // intent apart from the outcome written in the same millisecond.
        item.put(TableSchema.SK, s(TableSchema.DECISION_PREFIX + r.at() + "#" + r.step().name()
                + (intent ? TableSchema.INTENT_SUFFIX : "")));
        item.put(TableSchema.STEP, s(r.step().name()));
        item.put(TableSchema.STATUS, s(r.status().name()));
        item.put(TableSchema.FROM_MEMORY_MB, n(r.fromMemoryMb()));
        item.put(TableSchema.TO_MEMORY_MB, n(r.toMemoryMb()));
        item.put(TableSchema.REASON, s(r.reason()));
        item.put(TableSchema.EXECUTION_ARN, s(r.executionArn()));
        item.put(TableSchema.MONTHLY_SAVINGS_USD, AttributeValue.fromN(Double.toString(r.monthlySavingsUsd())));
        item.put(TableSchema.DRY_RUN, AttributeValue.fromBool(r.status() == DecisionStatus.DRY_RUN));
        putIfPresent(item, TableSchema.KIND, r.kind());
        putIfPresent(item, TableSchema.WINDOW_START, r.windowStart());
        putIfPresent(item, TableSchema.WINDOW_END, r.windowEnd());
        putIfPresent(item, TableSchema.FIGURES, r.figuresJson());
        putIfPresent(item, TableSchema.WATCH_UNTIL, r.watchUntil() == null ? null : r.watchUntil().toString());
        putIfPresent(item, TableSchema.REVISION_ID, r.revisionId());
        available("write the " + r.status() + " entry of " + r.functionArn(), () -> {
            try {
                client.putItem(b -> b.tableName(tableName).item(item)
                        .conditionExpression("attribute_not_exists(#sk)")
                        .expressionAttributeNames(Map.of("#sk", TableSchema.SK)));
            } catch (ConditionalCheckFailedException e) {
                // The same step at the same instant is this very entry, written by a retry: never overwrite it.
            }
            return null;
        });
    }

    @Override
    public List<DecisionRecord> ofExecution(String functionArn, String executionArn) {
        return query(functionArn, Integer.MAX_VALUE, true).stream()
                .filter(r -> r.executionArn().equals(executionArn))
                .toList();
    }

    @Override
    public List<DecisionRecord> recent(String functionArn, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        return query(functionArn, limit, false);
    }

    private List<DecisionRecord> query(String functionArn, int limit, boolean oldestFirst) {
        return available("read the decisions of " + functionArn, () -> {
            List<DecisionRecord> out = new ArrayList<>();
            Map<String, AttributeValue> startKey = null;
            do {
                QueryRequest.Builder q = QueryRequest.builder().tableName(tableName).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                        .expressionAttributeNames(Map.of("#pk", TableSchema.PK, "#sk", TableSchema.SK))
                        .expressionAttributeValues(Map.of(":pk", s(TableSchema.functionPk(functionArn)),
                                ":prefix", s(TableSchema.DECISION_PREFIX)))
                        .scanIndexForward(oldestFirst);
                if (startKey != null) {
                    q.exclusiveStartKey(startKey);
                }
                QueryResponse page = client.query(q.build());
                for (Map<String, AttributeValue> item : page.items()) {
                    out.add(fromItem(functionArn, item));
                    if (out.size() >= limit) {
                        return out;
                    }
                }
                startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                        ? page.lastEvaluatedKey() : null;
            } while (startKey != null);
            return out;
        });
    }

    /** Runs a table call; a failure of the table (after the client's own retries) is the log being unavailable. */
    private static <T> T available(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new DecisionLogUnavailableException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** The time part of {@code DECISION#<time>}, {@code DECISION#<time>#<step>} or {@code ...#<step>#INTENT}. */
    private static String timeOf(String sk) {
        String rest = sk.substring(TableSchema.DECISION_PREFIX.length());
        int hash = rest.indexOf('#');
        return hash < 0 ? rest : rest.substring(0, hash);
    }

    private static DecisionRecord fromItem(String functionArn, Map<String, AttributeValue> item) {
        String sk = item.get(TableSchema.SK).s();
        String watchUntil = str(item, TableSchema.WATCH_UNTIL);
        AttributeValue savings = item.get(TableSchema.MONTHLY_SAVINGS_USD);
        return new DecisionRecord(functionArn,
                Instant.parse(timeOf(sk)),
                DecisionStep.valueOf(str(item, TableSchema.STEP)),
                DecisionStatus.valueOf(str(item, TableSchema.STATUS)),
                Integer.parseInt(item.get(TableSchema.FROM_MEMORY_MB).n()),
                Integer.parseInt(item.get(TableSchema.TO_MEMORY_MB).n()),
                str(item, TableSchema.REASON),
                str(item, TableSchema.KIND),
                str(item, TableSchema.EXECUTION_ARN),
                str(item, TableSchema.WINDOW_START),
                str(item, TableSchema.WINDOW_END),
                str(item, TableSchema.FIGURES),
                watchUntil == null ? null : Instant.parse(watchUntil),
                savings == null ? 0 : Double.parseDouble(savings.n()),
                str(item, TableSchema.REVISION_ID));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
