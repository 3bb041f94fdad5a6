package io.rightsizer.aws.dynamodb;

import io.rightsizer.domain.decision.DecisionLog;
import io.rightsizer.testing.DynamoDbLocal;
import io.rightsizer.testing.contract.DecisionLogContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The audit trail on DynamoDB Local. */
class DynamoDbDecisionLogTest extends DecisionLogContract {

    private static DynamoDbLocal dynamo;

    @BeforeAll
    static void start() {
        dynamo = DynamoDbLocal.start();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    @Override
    protected DecisionLog newLog() {
        return new DynamoDbDecisionLog(dynamo.client(), dynamo.createTable());
    }
}
