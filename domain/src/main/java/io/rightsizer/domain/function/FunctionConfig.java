package io.rightsizer.domain.function;

import io.rightsizer.domain.cost.Architecture;

import java.util.List;
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
 * @param layerArns        the layer version ARNs the function runs with (empty when none, or when not read)
 */
public record FunctionConfig(
        String functionArn,
        String functionName,
        int memorySizeMb,
        String revisionId,
        String lastUpdateStatus,
        String state,
        Architecture architecture,
        Map<String, String> tags,
        List<String> layerArns) {

    public FunctionConfig {
        Objects.requireNonNull(functionArn, "functionArn");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(architecture, "architecture");
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        layerArns = layerArns == null ? List.of() : List.copyOf(layerArns);
        if (memorySizeMb <= 0) {
            throw new IllegalArgumentException("memorySizeMb must be positive: " + memorySizeMb);
        }
    }

    /** A configuration read without its layers. */
    public FunctionConfig(String functionArn, String functionName, int memorySizeMb, String revisionId,
                          String lastUpdateStatus, String state, Architecture architecture, Map<String, String> tags) {
        this(functionArn, functionName, memorySizeMb, revisionId, lastUpdateStatus, state, architecture, tags,
                List.of());
    }

    /**
     * Whether the function runs a layer of one of these names in its own account (layer version ARNs are
     * {@code arn:<partition>:lambda:<region>:<account>:layer:<name>:<version>}).
     */
    public boolean runsLayer(java.util.Collection<String> layerNames) {
        String[] fn = functionArn.split(":");
        for (String arn : layerArns) {
            String[] p = arn.split(":");
            if (p.length == 8 && p[5].equals("layer") && fn.length >= 5 && p[4].equals(fn[4])
                    && layerNames.contains(p[6])) {
                return true;
            }
        }
        return false;
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
