package io.rightsizer.domain.decision;

import java.util.List;
import java.util.Optional;

/** The audit trail of memory changes, one entry per step of an execution. */
public interface DecisionLog {

    /** Writes the entry; writing the same execution's step again keeps the first entry (repeats are harmless). */
    void record(DecisionRecord record);

    /** The entry an execution wrote for a step, if it wrote one (how a repeated step finds its earlier result). */
    Optional<DecisionRecord> find(String functionArn, String executionArn, DecisionStep step);

    /** The function's latest entries, newest first. */
    List<DecisionRecord> recent(String functionArn, int limit);
}
