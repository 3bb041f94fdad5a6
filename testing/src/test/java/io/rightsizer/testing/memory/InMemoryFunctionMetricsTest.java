package io.rightsizer.testing.memory;

import io.rightsizer.domain.usage.FunctionMetrics;
import io.rightsizer.testing.contract.FunctionMetricsContract;
import org.junit.jupiter.api.BeforeEach;

import java.time.Instant;

class InMemoryFunctionMetricsTest extends FunctionMetricsContract {

    private InMemoryFunctionMetrics metrics;

    @BeforeEach
    void fresh() {
        metrics = new InMemoryFunctionMetrics();
    }

    @Override
    protected FunctionMetrics metrics() {
        return metrics;
    }

    @Override
    protected void publish(String functionName, Instant time, long invocations, long errors, double durationMsSum) {
        metrics.publish(functionName, time, invocations, errors, durationMsSum);
    }
}
