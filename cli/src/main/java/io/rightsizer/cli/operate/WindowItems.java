package io.rightsizer.cli.operate;

import io.rightsizer.cli.CliException;
import io.rightsizer.core.store.TableKeys;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the {@code WINDOW} items of a deployment's table: all of them, or one function's by name or ARN. */
final class WindowItems {

    /** The attributes {@link WindowView} reads, the only ones a scan returns. */
    private static final List<String> PROJECTED = List.of(TableKeys.PK, TableKeys.SK, TableKeys.FUNCTION_ARN,
            TableKeys.FUNCTION_NAME, TableKeys.ACCOUNT_ID, TableKeys.REGION, TableKeys.WINDOW_START,
            TableKeys.WINDOW_END, TableKeys.STATE, TableKeys.EXECUTION_ARN, "outcome");

    private final DynamoDbClient dynamo;
    private final String table;
    private final Integer pageSize;

    WindowItems(DynamoDbClient dynamo, String table) {
        this(dynamo, table, null);
    }

    /** @param pageSize items DynamoDB evaluates per scan page ({@code Limit}), or {@code null} for its 1 MB pages */
    WindowItems(DynamoDbClient dynamo, String table, Integer pageSize) {
        this.dynamo = dynamo;
        this.table = table;
        this.pageSize = pageSize;
    }

    /**
     * Every tracked function's window, by function name. The table has no index on the sort key, so this is a scan of
     * the whole table (read units ~ table size / 4 KB, eventually consistent halves that) that returns only the
     * {@code WINDOW} items' few attributes, page by page.
     */
    List<WindowView> all() {
        List<WindowView> out = new ArrayList<>();
        Map<String, String> names = new java.util.LinkedHashMap<>();
        for (int i = 0; i < PROJECTED.size(); i++) {
            names.put("#a" + i, PROJECTED.get(i));
        }
        String projection = String.join(", ", names.keySet());
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(table)
                    .filterExpression("#a1 = :window")
                    .projectionExpression(projection)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(Map.of(":window", AttributeValue.fromS(TableKeys.WINDOW_SK)))
                    .limit(pageSize);
            if (start != null) {
                scan.exclusiveStartKey(start);
            }
            ScanResponse page = call(() -> dynamo.scan(scan.build()));
            page.items().forEach(i -> out.add(WindowView.of(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        out.sort(Comparator.comparing(WindowView::functionName).thenComparing(WindowView::functionArn));
        return out;
    }

    /**
     * The window of a function given by unqualified ARN or by name.
     *
     * @throws CliException when the name matches functions in several accounts or regions
     */
    Optional<WindowView> find(String function) {
        if (function.startsWith("arn:")) {
            Map<String, AttributeValue> item = call(() -> dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of(TableKeys.PK, AttributeValue.fromS(TableKeys.functionPk(function)),
                            TableKeys.SK, AttributeValue.fromS(TableKeys.WINDOW_SK))))).item();
            return item == null || item.isEmpty() ? Optional.empty() : Optional.of(WindowView.of(item));
        }
        List<WindowView> matches = all().stream().filter(w -> w.functionName().equals(function)).toList();
        if (matches.size() > 1) {
            throw new CliException("'" + function + "' names " + matches.size() + " functions ("
                    + String.join(", ", matches.stream().map(WindowView::functionArn).toList())
                    + "); pass the function ARN");
        }
        return matches.stream().findFirst();
    }

    private <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ResourceNotFoundException e) {
            throw new CliException("table '" + table + "' not found: is the deployment (outputs file, --table,"
                    + " --region) right?");
        }
    }
}
