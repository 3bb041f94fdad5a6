package io.rightsizer.testing.memory;

import io.rightsizer.domain.usage.UsageStore;
import io.rightsizer.testing.contract.UsageStoreContract;

/** The in-memory usage store keeps the port's contract. */
class InMemoryUsageStoreTest extends UsageStoreContract {

    private InMemoryUsageStore current;

    @Override
    protected UsageStore newStore() {
        current = new InMemoryUsageStore();
        return current;
    }

    @Override
    protected UsageStore sameDataStore() {
        return current;
    }
}
