package io.rightsizer.core.window;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;

/**
 * The one naming rule for window executions, {@code <sanitised function name>-<windowStart yyyyMMdd'T'HHmm>}, used
 * by ingestion and by the operator's {@code restart} alike so both name the same window the same way.
 */
public final class ExecutionNames {

    /** Step Functions' limit on execution names. */
    public static final int MAX_LENGTH = 80;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);
    private static final int STAMP_LENGTH = 1 + 13;

    private ExecutionNames() {
    }

    /** The execution name of a function's window starting at {@code windowStart}. */
    public static String of(String functionName, Instant windowStart) {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(windowStart, "windowStart");
        StringBuilder name = new StringBuilder(functionName.length());
        for (int i = 0; i < functionName.length(); i++) {
            char c = functionName.charAt(i);
            boolean allowed = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                    || c == '-' || c == '_';
            name.append(allowed ? c : '_');
        }
        if (name.length() == 0) {
            name.append("function");
        }
        if (name.length() > MAX_LENGTH - STAMP_LENGTH) {
            name.setLength(MAX_LENGTH - STAMP_LENGTH);
        }
        return name.append('-').append(STAMP.format(windowStart)).toString();
    }

    /**
     * The ARN Step Functions gives an execution of {@code stateMachineArn} named {@code name}
     * ({@code arn:aws:states:<region>:<account>:execution:<state machine>:<name>}).
     */
    public static String executionArn(String stateMachineArn, String name) {
        Objects.requireNonNull(stateMachineArn, "stateMachineArn");
        String marker = ":stateMachine:";
        int at = stateMachineArn.indexOf(marker);
        if (at < 0) {
            throw new IllegalArgumentException("not a state machine ARN: " + stateMachineArn);
        }
        return stateMachineArn.substring(0, at) + ":execution:" + stateMachineArn.substring(at + marker.length())
                + ":" + Objects.requireNonNull(name, "name");
    }
}
