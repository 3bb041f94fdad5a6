package io.rightsizer.testing.memory;

import io.rightsizer.domain.window.WindowStore;
import io.rightsizer.testing.contract.WindowStoreContract;

/** The in-memory window store keeps the port's contract. */
class InMemoryWindowStoreTest extends WindowStoreContract {

    @Override
    protected WindowStore newStore() {
        return new InMemoryWindowStore();
    }
}
