package io.rightsizer.testing.memory;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.function.FunctionConfigurator;
import io.rightsizer.domain.function.FunctionRef;
import io.rightsizer.testing.contract.FunctionConfiguratorContract;

import java.util.Map;

/** The in-memory control plane keeps the port's contract. */
class InMemoryFunctionConfiguratorTest extends FunctionConfiguratorContract {

    private InMemoryFunctionConfigurator lambda;

    @Override
    protected FunctionConfigurator newConfigurator() {
        lambda = new InMemoryFunctionConfigurator();
        return lambda;
    }

    @Override
    protected FunctionRef givenFunction(String name, int memoryMb, Map<String, String> tags) {
        FunctionRef f = FunctionRef.of(name, "123456789012", "us-east-1");
        lambda.add(f, memoryMb, Architecture.X86_64, tags);
        return f;
    }
}
