package io.rightsizer.domain.window;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Keeps each function's {@code WINDOW} claim; every change is conditional so concurrent batches agree on one window. */
public interface WindowStore {

    /** The function's current claim (a strongly consistent read), if it ever had one. */
    Optional<WindowClaim> read(String functionArn);

    /**
     * Writes a new claim in state STARTING if the stored one is still the one the caller read.
     *
     * @param next          the new claim
     * @param previousCycle the cycle of the claim read before, or {@code null} when there was none
     * @return {@code false} when another writer got there first (read again)
     */
    boolean claim(WindowClaim next, Long previousCycle, Instant claimedAt);

    /** Records the started execution on a claim still STARTING in {@code cycle}; {@code false} when it is not. */
    boolean markStarted(String functionArn, long cycle, String executionArn, Instant startedAt);

    /** Records why the execution of a claim still STARTING in {@code cycle} was refused; {@code false} when it is not. */
    boolean markStartRefused(String functionArn, long cycle, String reason, Instant at);

    /**
     * Closes the window of {@code cycle} with the state machine's outcome, unless the claim is in another cycle now (a
     * newer window, even one not marked started yet) or names another execution (a restart). The state machine's
     * {@code RecordOutcome} state makes the same write in the deployed pipeline.
     *
     * @param detail the outcome as JSON, kept for the operator
     * @return {@code false} when the claim is another cycle's or names another execution
     */
    boolean close(String functionArn, long cycle, String executionArn, String outcome, String detail, Instant at);

    /**
     * Hands the window of {@code cycle} to a restarted execution that evaluates now: the claim names the new
     * execution, ends at {@code windowEnd} and is STARTED again, with no outcome.
     *
     * @param previousExecutionArn the execution the caller read on the claim (and stopped), {@code null} when none
     * @return {@code false} when the stored claim is not in {@code cycle} any more (a newer window was claimed) or names
     *         an execution other than {@code previousExecutionArn} or {@code executionArn} (another restart won)
     */
    boolean restart(String functionArn, long cycle, String previousExecutionArn, String executionArn,
                    String executionName, Instant windowEnd, Instant at);

    /** Every function's claim, ordered by function name and then ARN (for the operator's status view). */
    List<WindowClaim> all();
}
