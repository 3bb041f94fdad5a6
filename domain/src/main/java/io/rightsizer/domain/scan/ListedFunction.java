package io.rightsizer.domain.scan;

import io.rightsizer.domain.cost.Architecture;

import java.util.Objects;

/**
 * A function as the account lists it: what a scan needs to find its logs and to size it.
 *
 * @param name         the function's name
 * @param arn          the unqualified function ARN
 * @param memoryMb     the configured memory of {@code $LATEST}, which the recommendation starts from
 * @param architecture the instruction set its duration is priced at
 * @param logGroup     the log group it writes to: its {@code LoggingConfig.LogGroup}, by default {@code /aws/lambda/<name>}
 * @param logFormat    the format of its system logs
 */
public record ListedFunction(String name, String arn, int memoryMb, Architecture architecture, String logGroup,
                             LogFormat logFormat) {

    /** Where Lambda writes a function's logs unless its logging configuration names another log group. */
    public static final String DEFAULT_LOG_GROUP_PREFIX = "/aws/lambda/";

    public ListedFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(logFormat, "logFormat");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (memoryMb <= 0) {
            throw new IllegalArgumentException("memoryMb must be positive: " + memoryMb);
        }
        logGroup = logGroup == null || logGroup.isBlank() ? defaultLogGroup(name) : logGroup;
    }

    /** The log group Lambda creates for a function of this name. */
    public static String defaultLogGroup(String functionName) {
        return DEFAULT_LOG_GROUP_PREFIX + functionName;
    }

    /** Whether the function writes to its own default log group (whose streams do not name the function). */
    public boolean logsToDefaultGroup() {
        return logGroup.equals(defaultLogGroup(name));
    }
}
