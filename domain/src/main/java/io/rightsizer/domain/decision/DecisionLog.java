package io.rightsizer.domain.decision;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail of memory changes. A change is named by its execution, step and the two sizes; it gets an
 * {@link DecisionStatus#INTENDED} entry before it is made and one final entry after.
 */
public interface DecisionLog {

    /**
     * Writes the entry. An intent is written only when the change has no entry yet; a final entry only when the change
     * has no final entry yet: writing either again keeps the first (repeats are harmless).
     *
     * @throws DecisionLogUnavailableException when the log cannot be written (the step is safe to repeat)
     */
    void record(DecisionRecord record);

    /**
     * Every entry one execution wrote, oldest first (how a repeated step finds its intent or its earlier result).
     *
     * @throws DecisionLogUnavailableException when the log cannot be read
     */
    List<DecisionRecord> ofExecution(String functionArn, String executionArn);

    /** The function's latest entries, newest first. */
    List<DecisionRecord> recent(String functionArn, int limit);

    /** The latest entry an execution wrote for a step, a final one before an intent. */
    default Optional<DecisionRecord> find(String functionArn, String executionArn, DecisionStep step) {
        return ofExecution(functionArn, executionArn).stream().filter(r -> r.step() == step)
                .max(Comparator.comparing((DecisionRecord r) -> r.status().isFinal()).thenComparing(DecisionRecord::at));
    }
}
