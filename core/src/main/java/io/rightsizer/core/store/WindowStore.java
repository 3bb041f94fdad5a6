package io.rightsizer.core.store;

import java.time.Instant;
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
}
