package io.rightsizer.aws.dynamodb;

import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.domain.window.WindowClaim;
import io.rightsizer.domain.window.WindowState;
import io.rightsizer.domain.window.WindowStore;
import io.rightsizer.testing.DynamoDbLocal;
import io.rightsizer.testing.contract.WindowStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The WINDOW item layout other parts of the system read (the state machine closes it, the CLI shows it). */
class DynamoDbWindowStoreTest extends WindowStoreContract {

    private static DynamoDbLocal dynamo;
    private String table;

    @BeforeAll
    static void startDynamo() {
        dynamo = DynamoDbLocal.start();
    }

    @AfterAll
    static void stopDynamo() {
        dynamo.close();
    }

    @Override
    protected WindowStore newStore() {
        table = dynamo.createTable();
        return new DynamoDbWindowStore(dynamo.client(), table);
    }

    private Map<String, AttributeValue> item() {
        return dynamo.client().getItem(b -> b.tableName(table).key(Map.of(
                "pk", AttributeValue.fromS("FN#" + ORDERS.functionArn()), "sk", AttributeValue.fromS("WINDOW"))))
                .item();
    }

    @Test
    void aStartedClaimIsStoredWithTheDocumentedAttributes() {
        assertThat(store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START)).isTrue();
        assertThat(store.markStarted(ORDERS.functionArn(), 1, "arn:aws:states:eu-west-1:123456789012:execution:"
                + "Rightsizer:orders-20261102T0815-8a860b", START.plusSeconds(1))).isTrue();

        Map<String, AttributeValue> item = item();
        assertThat(item.get(TableSchema.STATE).s()).isEqualTo("STARTED");
        assertThat(item.get(TableSchema.CYCLE).n()).isEqualTo("1");
        assertThat(item.get(TableSchema.WINDOW_START).s()).isEqualTo("2026-11-02T08:15:00Z");
        assertThat(item.get(TableSchema.WINDOW_END).s()).isEqualTo("2026-11-16T08:15:00Z");
        assertThat(item.get(TableSchema.EXECUTION_NAME).s()).isEqualTo("orders-20261102T0815-8a860b");
        assertThat(item.get(TableSchema.EXECUTION_ARN).s()).endsWith(":orders-20261102T0815-8a860b");
        assertThat(item.get(TableSchema.FUNCTION_NAME).s()).isEqualTo("orders");
        assertThat(item.get(TableSchema.REGION).s()).isEqualTo("eu-west-1");
        assertThat(item).doesNotContainKey(TableSchema.EXPIRES_AT);
    }

    @Test
    void aClosedOrUnknownStateWrittenByOthersIsReadSafely() {
        store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START);
        setState("CLOSED");
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().state()).isEqualTo(WindowState.CLOSED);

        setState("SOMETHING_NEWER");
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().state())
                .as("never a reason to start a second execution").isEqualTo(WindowState.STARTED);
    }

    @Test
    void allIsReadPageByPageAmongManyDayItems() {
        for (int f = 0; f < 5; f++) {
            FunctionRef fn = FunctionRef.of("fn-" + f, "123456789012", "eu-west-1");
            store.claim(WindowClaim.starting(fn, 1, START, END), null, START);
            store.markStarted(fn.functionArn(), 1, EXECUTION + f, START);
            for (int d = 1; d <= 9; d++) {
                String day = "DAY#2026-11-0" + d;
                dynamo.client().putItem(b -> b.tableName(table).item(Map.of(
                        "pk", AttributeValue.fromS("FN#" + fn.functionArn()), "sk", AttributeValue.fromS(day),
                        "invocations", AttributeValue.fromN("100"))));
            }
        }
        // 50 items, 3 per page: most pages hold no WINDOW item at all.
        List<WindowClaim> all = new DynamoDbWindowStore(dynamo.client(), table, 3).all();

        assertThat(all).extracting(c -> c.function().functionName())
                .containsExactly("fn-0", "fn-1", "fn-2", "fn-3", "fn-4");
        assertThat(all).allSatisfy(c -> {
            assertThat(c.state()).isEqualTo(WindowState.STARTED);
            assertThat(c.windowStart()).isEqualTo(START);
            assertThat(c.function().accountId()).isEqualTo("123456789012");
        });
    }

    private void setState(String state) {
        dynamo.client().updateItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("FN#" + ORDERS.functionArn()), "sk", AttributeValue.fromS("WINDOW")))
                .updateExpression("SET #s = :s")
                .expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(state))));
    }
}
