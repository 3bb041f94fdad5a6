package io.rightsizer.testing.memory;

import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.function.ConfigurationChangedException;
import io.rightsizer.domain.function.FunctionConfig;
import io.rightsizer.domain.function.FunctionConfigurator;
import io.rightsizer.domain.function.FunctionNotFoundException;
import io.rightsizer.domain.function.FunctionRef;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link FunctionConfigurator} in memory, a small Lambda control plane: functions with memory, tags and a revision
 * that every change moves on, updates refused on a stale revision and, like the API, outside 128–10240 MB.
 */
public final class InMemoryFunctionConfigurator implements FunctionConfigurator {

    private final Map<String, FunctionConfig> functions = new HashMap<>();
    private final AtomicLong revisions = new AtomicLong();

    /** Adds (or replaces) a function. */
    public synchronized FunctionConfig add(FunctionRef function, int memoryMb, Architecture architecture,
                                           Map<String, String> tags) {
        FunctionConfig config = new FunctionConfig(function.functionArn(), function.functionName(), memoryMb,
                nextRevision(), "Successful", "Active", architecture, tags);
        functions.put(function.functionArn(), config);
        return config;
    }

    /** Deletes a function. */
    public synchronized void delete(String functionArn) {
        functions.remove(functionArn);
    }

    @Override
    public synchronized FunctionConfig read(String functionArn) {
        FunctionConfig config = functions.get(functionArn);
        if (config == null) {
            throw new FunctionNotFoundException("function not found: " + functionArn);
        }
        return config;
    }

    @Override
    public synchronized FunctionConfig updateMemory(String functionArn, int memoryMb, String revisionId) {
        FunctionConfig c = read(functionArn);
        if (revisionId != null && !revisionId.equals(c.revisionId())) {
            throw new ConfigurationChangedException("the configuration of " + functionArn
                    + " changed since it was read (revision " + revisionId + " no longer current)");
        }
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("MemorySize must be between 128 and 10240: " + memoryMb);
        }
        FunctionConfig updated = new FunctionConfig(c.functionArn(), c.functionName(), memoryMb, nextRevision(),
                "Successful", c.state(), c.architecture(), c.tags());
        functions.put(functionArn, updated);
        return updated;
    }

    private String nextRevision() {
        return "rev-" + revisions.incrementAndGet();
    }
}
