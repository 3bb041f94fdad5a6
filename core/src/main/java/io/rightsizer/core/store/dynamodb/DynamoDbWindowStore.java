package io.rightsizer.core.store.dynamodb;

import io.rightsizer.core.store.TableKeys;
import io.rightsizer.core.store.WindowClaim;
import io.rightsizer.core.store.WindowState;
import io.rightsizer.core.store.WindowStore;
import io.rightsizer.core.stream.FunctionRef;
import io.rightsizer.core.window.ExecutionNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@link WindowStore} on the single table's {@code WINDOW} item. A new claim replaces the item with a
 * {@code PutItem} conditioned on the cycle read before (or on no item); state changes are conditional updates.
 * The item never expires: it is one per function and remembers the cycle. Thread-safe.
 */
public final class DynamoDbWindowStore implements WindowStore {

    private final DynamoDbClient client;
    private final String tableName;

    public DynamoDbWindowStore(DynamoDbClient client, String tableName) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public Optional<WindowClaim> read(String functionArn) {
        Map<String, AttributeValue> item = client.getItem(b -> b.tableName(tableName).key(key(functionArn))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toClaim(functionArn, item));
    }

    @Override
    public boolean claim(WindowClaim next, Long previousCycle, Instant claimedAt) {
        FunctionRef f = next.function();
        Map<String, AttributeValue> item = new HashMap<>(key(f.functionArn()));
        item.put(TableKeys.FUNCTION_ARN, s(f.functionArn()));
        item.put(TableKeys.FUNCTION_NAME, s(f.functionName()));
        item.put(TableKeys.ACCOUNT_ID, s(f.accountId()));
        item.put(TableKeys.REGION, s(f.region()));
        item.put(TableKeys.CYCLE, n(next.cycle()));
        item.put(TableKeys.WINDOW_START, s(next.windowStart().toString()));
        item.put(TableKeys.WINDOW_END, s(next.windowEnd().toString()));
        item.put(TableKeys.EXECUTION_NAME, s(ExecutionNames.of(f, next.windowStart())));
        item.put(TableKeys.STATE, s(WindowState.STARTING.name()));
        item.put(TableKeys.CLAIMED_AT, s(claimedAt.toString()));
        try {
            if (previousCycle == null) {
                client.putItem(b -> b.tableName(tableName).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", TableKeys.PK)));
            } else {
                client.putItem(b -> b.tableName(tableName).item(item)
                        .conditionExpression("#cycle = :previous")
                        .expressionAttributeNames(Map.of("#cycle", TableKeys.CYCLE))
                        .expressionAttributeValues(Map.of(":previous", n(previousCycle))));
            }
            return true;
        } catch (ConditionalCheckFailedException lost) {
            return false;
        }
    }

    @Override
    public boolean markStarted(String functionArn, long cycle, String executionArn, Instant startedAt) {
        return updateStarting(functionArn, cycle, "SET #state = :started, #arn = :arn, #at = :at REMOVE #err",
                Map.of("#arn", TableKeys.EXECUTION_ARN, "#at", TableKeys.STARTED_AT, "#err", TableKeys.START_ERROR),
                Map.of(":started", s(WindowState.STARTED.name()), ":arn", s(executionArn), ":at", s(startedAt.toString())));
    }

    @Override
    public boolean markStartRefused(String functionArn, long cycle, String reason, Instant at) {
        String text = reason == null || reason.isBlank() ? "refused" : reason;
        return updateStarting(functionArn, cycle, "SET #err = :err, #at = :at",
                Map.of("#err", TableKeys.START_ERROR, "#at", TableKeys.STARTED_AT),
                Map.of(":err", s(text.length() > 1000 ? text.substring(0, 1000) : text), ":at", s(at.toString())));
    }

    private boolean updateStarting(String functionArn, long cycle, String update, Map<String, String> names,
                                   Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#state", TableKeys.STATE);
        allNames.put("#cycle", TableKeys.CYCLE);
        Map<String, AttributeValue> allValues = new HashMap<>(values);
        allValues.put(":cycle", n(cycle));
        allValues.put(":starting", s(WindowState.STARTING.name()));
        try {
            client.updateItem(b -> b.tableName(tableName).key(key(functionArn))
                    .updateExpression(update)
                    .conditionExpression("#cycle = :cycle AND #state = :starting")
                    .expressionAttributeNames(allNames)
                    .expressionAttributeValues(allValues));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    private static WindowClaim toClaim(String functionArn, Map<String, AttributeValue> item) {
        FunctionRef function = FunctionRef.fromArn(functionArn);
        String state = str(item, TableKeys.STATE);
        return new WindowClaim(function,
                Long.parseLong(item.get(TableKeys.CYCLE).n()),
                Instant.parse(str(item, TableKeys.WINDOW_START)),
                Instant.parse(str(item, TableKeys.WINDOW_END)),
                state(state),
                str(item, TableKeys.EXECUTION_ARN),
                str(item, TableKeys.START_ERROR));
    }

    /** An unknown state never starts a second execution; the window still ends by its time. */
    private static WindowState state(String value) {
        if (value == null) {
            return WindowState.STARTING;
        }
        try {
            return WindowState.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return WindowState.STARTED;
        }
    }

    private static Map<String, AttributeValue> key(String functionArn) {
        return Map.of(TableKeys.PK, s(TableKeys.functionPk(functionArn)), TableKeys.SK, s(TableKeys.WINDOW_SK));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
