package io.rightsizer.core.store.dynamodb;

import io.rightsizer.core.store.TableKeys;
import io.rightsizer.core.store.WindowClaim;
import io.rightsizer.core.store.WindowState;
import io.rightsizer.core.stream.FunctionRef;
import io.rightsizer.core.testing.DynamoDbLocal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The WINDOW item layout other parts of the system read (the state machine closes it, the CLI shows it). */
class DynamoDbWindowStoreTest {

    private static final FunctionRef ORDERS = FunctionRef.of("orders", "123456789012", "eu-west-1");
    private static final Instant START = Instant.parse("2026-11-02T08:15:00Z");
    private static final Instant END = START.plus(Duration.ofDays(14));

    private static DynamoDbLocal dynamo;
    private String table;
    private DynamoDbWindowStore store;

    @BeforeAll
    static void startDynamo() {
        dynamo = DynamoDbLocal.start();
    }

    @AfterAll
    static void stopDynamo() {
        dynamo.close();
    }

    @BeforeEach
    void freshTable() {
        table = dynamo.createTable();
        store = new DynamoDbWindowStore(dynamo.client(), table);
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
        assertThat(item.get(TableKeys.STATE).s()).isEqualTo("STARTED");
        assertThat(item.get(TableKeys.CYCLE).n()).isEqualTo("1");
        assertThat(item.get(TableKeys.WINDOW_START).s()).isEqualTo("2026-11-02T08:15:00Z");
        assertThat(item.get(TableKeys.WINDOW_END).s()).isEqualTo("2026-11-16T08:15:00Z");
        assertThat(item.get(TableKeys.EXECUTION_NAME).s()).isEqualTo("orders-20261102T0815-8a860b");
        assertThat(item.get(TableKeys.EXECUTION_ARN).s()).endsWith(":orders-20261102T0815-8a860b");
        assertThat(item.get(TableKeys.FUNCTION_NAME).s()).isEqualTo("orders");
        assertThat(item.get(TableKeys.REGION).s()).isEqualTo("eu-west-1");
        assertThat(item).doesNotContainKey(TableKeys.EXPIRES_AT);
    }

    @Test
    void aClaimOnlyReplacesTheCycleItWasBasedOn() {
        store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START);

        assertThat(store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START))
                .as("a first claim when one exists").isFalse();
        assertThat(store.claim(WindowClaim.starting(ORDERS, 3, END, END.plus(Duration.ofDays(14))), 2L, END))
                .as("based on a cycle that is not stored").isFalse();
        assertThat(store.claim(WindowClaim.starting(ORDERS, 2, END, END.plus(Duration.ofDays(14))), 1L, END)).isTrue();
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().cycle()).isEqualTo(2);
    }

    @Test
    void markingOnlyAppliesToAClaimStillStartingInThatCycle() {
        store.claim(WindowClaim.starting(ORDERS, 1, START, END), null, START);

        assertThat(store.markStarted(ORDERS.functionArn(), 2, "arn", START)).isFalse();
        assertThat(store.markStartRefused(ORDERS.functionArn(), 1, "InvalidName: bad", START)).isTrue();
        assertThat(store.read(ORDERS.functionArn()).orElseThrow()).satisfies(c -> {
            assertThat(c.state()).isEqualTo(WindowState.STARTING);
            assertThat(c.startError()).isEqualTo("InvalidName: bad");
        });
        assertThat(store.markStarted(ORDERS.functionArn(), 1, "arn", START)).isTrue();
        assertThat(store.markStarted(ORDERS.functionArn(), 1, "arn", START)).as("already started").isFalse();
        assertThat(store.read(ORDERS.functionArn()).orElseThrow().startError()).isNull();
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

    private void setState(String state) {
        dynamo.client().updateItem(b -> b.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS("FN#" + ORDERS.functionArn()), "sk", AttributeValue.fromS("WINDOW")))
                .updateExpression("SET #s = :s")
                .expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(state))));
    }
}
