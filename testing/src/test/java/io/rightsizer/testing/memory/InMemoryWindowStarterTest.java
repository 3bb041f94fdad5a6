package io.rightsizer.testing.memory;

import io.rightsizer.domain.window.WindowStarter;
import io.rightsizer.testing.contract.WindowStarterContract;

/** The in-memory window starter keeps the port's contract. */
class InMemoryWindowStarterTest extends WindowStarterContract {

    private InMemoryWindowStarter starter;

    @Override
    protected WindowStarter newStarter() {
        starter = new InMemoryWindowStarter("arn:aws:states:us-east-1:123456789012:stateMachine:Rightsizer");
        return starter;
    }

    @Override
    protected void finish(String executionArn) {
        starter.finish(executionArn);
    }
}
