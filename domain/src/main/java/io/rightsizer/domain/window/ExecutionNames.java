package io.rightsizer.domain.window;

import io.rightsizer.domain.function.FunctionRef;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one naming rule for window executions,
 * {@code <sanitised function name>-<windowStart yyyyMMdd'T'HHmm>-<6 hex of SHA-256(unqualified function ARN)>}, used
 * by ingestion and by the operator's {@code restart} alike so both name the same window the same way.
 *
 * <p>The hash suffix deviates from the shorter {@code <name>-<stamp>} rule on purpose: one deployment's state machine
 * must never give two functions the same execution name. Without it, the same function name in two Regions or
 * accounts whose windows start in the same minute collide, and the second window is never evaluated. The suffix is
 * derived from the ARN alone, so the name stays deterministic (a crashed start is healed under the same name).
 */
public final class ExecutionNames {

    /** Step Functions' limit on execution names. */
    public static final int MAX_LENGTH = 80;

    /** Length of the function identity suffix ({@code -} and 6 hex digits). */
    public static final int HASH_LENGTH = 1 + 6;

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm").withZone(ZoneOffset.UTC);
    private static final int STAMP_LENGTH = 1 + 13;
    private static final Pattern SUFFIX = Pattern.compile("[0-9A-Za-z_-]{0,40}");
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private ExecutionNames() {
    }

    /**
     * The execution name of a function's window starting at {@code windowStart}:
     * {@code <name>-<yyyyMMdd'T'HHmm>-<6 hex of the function ARN's hash>}, the name cut so the whole is at most 80.
     */
    public static String of(FunctionRef function, Instant windowStart) {
        return of(function, windowStart, "");
    }

    /**
     * The window's execution name followed by {@code suffix} (for example the CLI's restart marker {@code -r<now>});
     * the function name is cut further so the whole stays within 80 characters.
     *
     * @param suffix up to 40 characters of {@code [0-9A-Za-z_-]}, may be empty
     */
    public static String of(FunctionRef function, Instant windowStart, String suffix) {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(suffix, "suffix");
        if (!SUFFIX.matcher(suffix).matches()) {
            throw new IllegalArgumentException("an execution name suffix is at most 40 of [0-9A-Za-z_-]: " + suffix);
        }
        StringBuilder name = sanitised(function.functionName(),
                MAX_LENGTH - STAMP_LENGTH - HASH_LENGTH - suffix.length());
        return name.append('-').append(STAMP.format(windowStart)).append('-').append(hash(function.functionArn()))
                .append(suffix).toString();
    }

    /**
     * The name without the function identity, {@code <sanitised function name>-<yyyyMMdd'T'HHmm>}: the rule before
     * the hash suffix. Not unique across Regions and accounts; kept for reading and matching older executions.
     */
    public static String of(String functionName, Instant windowStart) {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(windowStart, "windowStart");
        return sanitised(functionName, MAX_LENGTH - STAMP_LENGTH).append('-').append(STAMP.format(windowStart))
                .toString();
    }

    /** The prefix every execution name of the function called {@code functionName} starts with ({@code <name>-}). */
    public static String prefix(String functionName) {
        Objects.requireNonNull(functionName, "functionName");
        return sanitised(functionName, MAX_LENGTH - STAMP_LENGTH - HASH_LENGTH).append('-').toString();
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

    private static StringBuilder sanitised(String functionName, int maxLength) {
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
        if (name.length() > maxLength) {
            name.setLength(maxLength);
        }
        return name;
    }

    /** The first 24 bits of SHA-256 of the ARN: 1 in 16.7 million for two functions with one name and minute. */
    private static String hash(String functionArn) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(functionArn.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        char[] out = new char[6];
        for (int i = 0; i < 3; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[digest[i] & 0xf];
        }
        return new String(out);
    }
}
