package io.rightsizer.aws.dynamodb;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.window.ExecutionNames;
import io.rightsizer.domain.window.WindowClaim;
import io.rightsizer.domain.window.WindowState;
import io.rightsizer.domain.window.WindowStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** The attributes {@link #all()} reads, the only ones its scan returns. */
    private static final List<String> LISTED = List.of(TableSchema.PK, TableSchema.SK, TableSchema.FUNCTION_ARN,
            TableSchema.FUNCTION_NAME, TableSchema.ACCOUNT_ID, TableSchema.REGION, TableSchema.CYCLE,
            TableSchema.WINDOW_START, TableSchema.WINDOW_END, TableSchema.STATE, TableSchema.EXECUTION_ARN,
            TableSchema.START_ERROR, TableSchema.OUTCOME);

    private final DynamoDbClient client;
    private final String tableName;
    private final Integer scanPageSize;

    public DynamoDbWindowStore(DynamoDbClient client, String tableName) {
        this(client, tableName, null);
    }

    /**
     * @param scanPageSize items DynamoDB evaluates per page of {@link #all()}'s scan ({@code Limit}), or {@code null}
     *                     for its 1 MB pages
     */
    public DynamoDbWindowStore(DynamoDbClient client, String tableName, Integer scanPageSize) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.scanPageSize = scanPageSize;
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
        item.put(TableSchema.FUNCTION_ARN, s(f.functionArn()));
        item.put(TableSchema.FUNCTION_NAME, s(f.functionName()));
        item.put(TableSchema.ACCOUNT_ID, s(f.accountId()));
        item.put(TableSchema.REGION, s(f.region()));
        item.put(TableSchema.CYCLE, n(next.cycle()));
        item.put(TableSchema.WINDOW_START, s(next.windowStart().toString()));
        item.put(TableSchema.WINDOW_END, s(next.windowEnd().toString()));
        item.put(TableSchema.EXECUTION_NAME, s(ExecutionNames.of(f, next.windowStart())));
        item.put(TableSchema.STATE, s(WindowState.STARTING.name()));
        item.put(TableSchema.CLAIMED_AT, s(claimedAt.toString()));
        try {
            if (previousCycle == null) {
                client.putItem(b -> b.tableName(tableName).item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", TableSchema.PK)));
            } else {
                client.putItem(b -> b.tableName(tableName).item(item)
                        .conditionExpression("#cycle = :previous")
                        .expressionAttributeNames(Map.of("#cycle", TableSchema.CYCLE))
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
                Map.of("#arn", TableSchema.EXECUTION_ARN, "#at", TableSchema.STARTED_AT, "#err", TableSchema.START_ERROR),
                Map.of(":started", s(WindowState.STARTED.name()), ":arn", s(executionArn), ":at", s(startedAt.toString())));
    }

    @Override
    public boolean markStartRefused(String functionArn, long cycle, String reason, Instant at) {
        String text = reason == null || reason.isBlank() ? "refused" : reason;
        return updateStarting(functionArn, cycle, "SET #err = :err, #at = :at",
                Map.of("#err", TableSchema.START_ERROR, "#at", TableSchema.STARTED_AT),
                Map.of(":err", s(text.length() > 1000 ? text.substring(0, 1000) : text), ":at", s(at.toString())));
    }

    @Override
    public boolean close(String functionArn, long cycle, String executionArn, String outcome, String detail,
                         Instant at) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":closed", s(WindowState.CLOSED.name()));
        values.put(":outcome", s(outcome));
        values.put(":detail", s(detail == null ? "{}" : detail));
        values.put(":closedAt", s(at.toString()));
        values.put(":executionArn", s(executionArn));
        values.put(":cycle", n(cycle));
        try {
            // The same write as the state machine's RecordOutcome: only this cycle's window, only by its execution.
            client.updateItem(b -> b.tableName(tableName).key(key(functionArn))
                    .updateExpression("SET #state = :closed, #outcome = :outcome, #detail = :detail,"
                            + " #closedAt = :closedAt, #executionArn = :executionArn")
                    .conditionExpression("#cycle = :cycle AND"
                            + " (attribute_not_exists(#executionArn) OR #executionArn = :executionArn)")
                    .expressionAttributeNames(Map.of("#state", TableSchema.STATE, "#outcome", TableSchema.OUTCOME,
                            "#detail", TableSchema.OUTCOME_DETAIL, "#closedAt", TableSchema.CLOSED_AT,
                            "#executionArn", TableSchema.EXECUTION_ARN, "#cycle", TableSchema.CYCLE))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException superseded) {
            return false;
        }
    }

    @Override
    public boolean restart(String functionArn, long cycle, String previousExecutionArn, String executionArn,
                           String executionName, Instant windowEnd, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":arn", s(executionArn), ":name", s(executionName),
                ":started", s(WindowState.STARTED.name()), ":end", s(windowEnd.toString()),
                ":at", s(at.toString()), ":cycle", n(cycle)));
        // Only over the execution this restart read (or its own, when repeated): two restarts racing cannot both win.
        String owner;
        if (previousExecutionArn == null) {
            owner = "attribute_not_exists(#arn) OR #arn = :arn";
        } else {
            owner = "#arn = :previous OR #arn = :arn";
            values.put(":previous", s(previousExecutionArn));
        }
        String condition = "#cycle = :cycle AND (" + owner + ")";
        try {
            client.updateItem(b -> b.tableName(tableName).key(key(functionArn))
                    .updateExpression("SET #arn = :arn, #name = :name, #state = :started, #end = :end, #at = :at"
                            + " REMOVE #outcome, #detail, #closedAt")
                    .conditionExpression(condition)
                    .expressionAttributeNames(Map.of("#arn", TableSchema.EXECUTION_ARN,
                            "#name", TableSchema.EXECUTION_NAME, "#state", TableSchema.STATE,
                            "#end", TableSchema.WINDOW_END, "#at", TableSchema.RESTARTED_AT,
                            "#outcome", TableSchema.OUTCOME, "#detail", TableSchema.OUTCOME_DETAIL,
                            "#closedAt", TableSchema.CLOSED_AT, "#cycle", TableSchema.CYCLE))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    /**
     * A scan of the whole table (it has no index on the sort key: read units ~ table size / 4 KB, halved by eventual
     * consistency) that returns only the {@code WINDOW} items' few attributes, page by page.
     */
    @Override
    public List<WindowClaim> all() {
        List<WindowClaim> out = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < LISTED.size(); i++) {
            names.put("#a" + i, LISTED.get(i));
        }
        String projection = String.join(", ", names.keySet());
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(tableName)
                    .filterExpression("#a1 = :window")
                    .projectionExpression(projection)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":window", s(TableSchema.WINDOW_SK)))
                    .limit(scanPageSize);
            if (start != null) {
                scan.exclusiveStartKey(start);
            }
            ScanResponse page = client.scan(scan.build());
            for (Map<String, AttributeValue> item : page.items()) {
                out.add(toClaim(TableSchema.functionArnOf(item.get(TableSchema.PK).s()), item));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        out.sort(Comparator.comparing((WindowClaim c) -> c.function().functionName())
                .thenComparing(c -> c.function().functionArn()));
        return out;
    }

    private boolean updateStarting(String functionArn, long cycle, String update, Map<String, String> names,
                                   Map<String, AttributeValue> values) {
        Map<String, String> allNames = new HashMap<>(names);
        allNames.put("#state", TableSchema.STATE);
        allNames.put("#cycle", TableSchema.CYCLE);
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
        String state = str(item, TableSchema.STATE);
        return new WindowClaim(function,
                item.containsKey(TableSchema.CYCLE) ? Long.parseLong(item.get(TableSchema.CYCLE).n()) : 1,
                Instant.parse(str(item, TableSchema.WINDOW_START)),
                Instant.parse(str(item, TableSchema.WINDOW_END)),
                state(state),
                str(item, TableSchema.EXECUTION_ARN),
                str(item, TableSchema.START_ERROR),
                str(item, TableSchema.OUTCOME));
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
        return Map.of(TableSchema.PK, s(TableSchema.functionPk(functionArn)), TableSchema.SK, s(TableSchema.WINDOW_SK));
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
