package io.rightsizer.testing.memory;

import io.rightsizer.domain.decision.DecisionLog;
import io.rightsizer.testing.contract.DecisionLogContract;

/** The in-memory decision log keeps the port's contract. */
class InMemoryDecisionLogTest extends DecisionLogContract {

    @Override
    protected DecisionLog newLog() {
        return new InMemoryDecisionLog();
    }
}
