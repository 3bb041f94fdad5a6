package io.rightsizer.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The local stand-ins every integration test relies on start, answer and stop. */
class LocalStandInsTest {

    @Test
    void dynamoDbLocalStartsInProcessAndCreatesTheRightsizerTable() {
        try (DynamoDbLocal dynamo = DynamoDbLocal.start()) {
            String table = dynamo.createTable();
            assertThat(dynamo.client().listTables().tableNames()).contains(table);
            assertThat(dynamo.client().describeTable(b -> b.tableName(table)).table().keySchema())
                    .extracting(k -> k.attributeName()).containsExactly("pk", "sk");
        }
    }

    @Test
    void motoServerStartsOnAFreePortAndResets() {
        try (MotoServer moto = MotoServer.start()) {
            assertThat(moto.endpoint().getHost()).isEqualTo("127.0.0.1");
            moto.reset();
            assertThat(moto.configure("{\"lambda\":{\"use_docker\":false}}")).contains("use_docker");
        }
    }
}
