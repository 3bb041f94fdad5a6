package io.rightsizer.domain.function;

import io.rightsizer.domain.cost.Architecture;

import java.util.Map;
import java.util.Objects;

/**
 * The part of a Lambda function's configuration Rightsizer reads and changes.
 *
 * @param functionArn      the unqualified function ARN
 * @param functionName     the function's name
 * @param memorySizeMb     the configured memory of {@code $LATEST}
 * @param revisionId       the configuration's revision for optimistic locking, {@code null} when the API gives none
 * @param lastUpdateStatus {@code InProgress}, {@code Successful} or {@code Failed}; {@code null} when not reported
 * @param state            {@code Pending}, {@code Active}, {@code Inactive}, {@code Failed}; {@code null} when not reported
 * @param architecture     the instruction set the function runs on
 * @param tags             the function's tags (empty when it has none)
 */
public record FunctionConfig(
        String functionArn,
        String functionName,
        int memorySizeMb,
        String revisionId,
        String lastUpdateStatus,
        String state,
        Architecture architecture,
        Map<String, String> tags) {

    public FunctionConfig {
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(architecture, "architecture");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        if (memorySizeMb <= 0) {
            throw new IllegalArgumentException("memorySizeMb must be positive: " + memorySizeMb);
        }
    }

    /** Whether a configuration update is still being applied (a further update would fail with 409). */
    public boolean updateInProgress() {
        return "InProgress".equalsIgnoreCase(lastUpdateStatus) || "Pending".equalsIgnoreCase(state);
    }

    /** Whether the last update failed. */
    public boolean updateFailed() {
        return "Failed".equalsIgnoreCase(lastUpdateStatus);
    }
}
