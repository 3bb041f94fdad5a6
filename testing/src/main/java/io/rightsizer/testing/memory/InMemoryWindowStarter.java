package io.rightsizer.testing.memory;

import io.rightsizer.domain.window.ExecutionNames;
import io.rightsizer.domain.window.StartResult;
import io.rightsizer.domain.window.WindowExecution;
import io.rightsizer.domain.window.WindowStarter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link WindowStarter} in memory with Step Functions' naming rules: the same name and input while running is the
 * same execution; the same name with another input, or after the execution finished, already exists.
 */
public final class InMemoryWindowStarter implements WindowStarter {

    private final String stateMachineArn;
    private final Map<String, String> inputs = new LinkedHashMap<>();
    private final Map<String, Boolean> running = new LinkedHashMap<>();

    public InMemoryWindowStarter(String stateMachineArn) {
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public synchronized StartResult start(WindowExecution execution) {
        String name = execution.name();
        String arn = ExecutionNames.executionArn(stateMachineArn, name);
        String input = inputs.get(name);
        if (input == null) {
            inputs.put(name, execution.inputJson());
            running.put(name, true);
            return StartResult.started(arn);
        }
        if (input.equals(execution.inputJson()) && running.get(name)) {
            return StartResult.started(arn);
        }
        return StartResult.alreadyExists(arn, "Execution Already Exists: '" + arn + "'");
    }

    /** Ends the execution, as the state machine does when it reaches an end state. */
    public synchronized void finish(String executionArn) {
        String name = executionArn.substring(executionArn.lastIndexOf(':') + 1);
        if (running.containsKey(name)) {
            running.put(name, false);
        }
    }

    /** The names of every execution started, oldest first. */
    public synchronized List<String> started() {
        return new ArrayList<>(inputs.keySet());
    }
}
