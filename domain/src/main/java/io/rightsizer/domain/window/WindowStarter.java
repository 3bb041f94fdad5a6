package io.rightsizer.domain.window;

/** Starts a window's execution (Step Functions {@code StartExecution} in the deployed pipeline). */
@FunctionalInterface
public interface WindowStarter {

    /**
     * Starts the execution; starting the same execution again while it runs is harmless.
     *
     * @throws RuntimeException for transient failures (throttling after retries, 5xx, network): try again later
     */
    StartResult start(WindowExecution execution);
}
