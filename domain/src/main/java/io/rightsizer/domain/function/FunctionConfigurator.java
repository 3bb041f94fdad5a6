package io.rightsizer.domain.function;

/**
 * Reads and changes the memory of a Lambda function through its control plane.
 *
 * <p>Implementations back off on throttling ({@code TooManyRequestsException}, the account-wide control-plane limit
 * is shared with the user's own deploys) and on {@code ResourceConflictException} (an update in progress), and throw
 * {@link ControlPlaneBusyException} when their budget is spent so the caller (the state machine) retries later.
 */
public interface FunctionConfigurator {

    /**
     * The function's current configuration and tags.
     *
     * @throws FunctionNotFoundException when the function does not exist
     */
    FunctionConfig read(String functionArn);

    /**
     * Sets the memory of {@code $LATEST}, guarded by {@code revisionId} when it is not {@code null}. Returns at once:
     * the answer's {@link FunctionConfig#updateInProgress()} says whether Lambda still applies it (poll with
     * {@link #read}).
     *
     * @throws ConfigurationChangedException when the revision no longer matches (someone else changed the function)
     * @throws FunctionNotFoundException     when the function does not exist
     */
    FunctionConfig updateMemory(String functionArn, int memoryMb, String revisionId);
}
