package io.rightsizer.cli.operate;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an execution's name is one of a function's window executions, by the naming rule
 * {@code <sanitised name>[-<6 hex>]-<yyyyMMdd'T'HHmm>[-<6 hex>][-r<yyyyMMdd'T'HHmm>]} (the function identity hash
 * before or after the stamp, the restart marker last), anchored on the window's stamp so that {@code orders} does not
 * take {@code orders-api}'s executions. Names that a second function could also have produced (a function named
 * {@code orders-abc123} against {@code orders} with a hash before the stamp, or a name cut to the length limit) are
 * {@link Kind#AMBIGUOUS}: the caller asks the execution's input.
 */
final class ExecutionNameMatch {

    /** The answer for one execution name. */
    enum Kind { NO, YES, AMBIGUOUS }

    private static final Pattern NAME = Pattern.compile(
            "(.+?)(-[0-9a-f]{6})?-(\\d{8}T\\d{4})(-[0-9a-f]{6})?(-r\\d{8}T\\d{4})?");

    private final String sanitised;

    /** For the function called {@code functionName}. */
    ExecutionNameMatch(String functionName) {
        // The whole name sanitised like ExecutionNames does, not cut: a cut execution name must stay ambiguous.
        String s = functionName.replaceAll("[^0-9A-Za-z_-]", "_");
        this.sanitised = s.isEmpty() ? "function" : s;
    }

    Kind of(String executionName) {
        Matcher m = NAME.matcher(executionName);
        if (!m.matches()) {
            return Kind.NO;
        }
        String base = m.group(1);
        String hashBefore = m.group(2);
        Kind plain = compare(base);
        if (hashBefore == null) {
            return plain;
        }
        // "<base>-<hex>-<stamp>": the function "<base>" with its hash, or the function "<base>-<hex>" without one.
        Kind withHexInName = compare(base + hashBefore);
        if (plain == Kind.NO) {
            return withHexInName == Kind.NO ? Kind.NO : Kind.AMBIGUOUS;
        }
        return Kind.AMBIGUOUS;
    }

    private Kind compare(String base) {
        if (base.equals(sanitised)) {
            return Kind.YES;
        }
        // A long name is cut to fit 80 characters: a cut name can belong to several functions.
        return base.length() >= 40 && sanitised.startsWith(base) ? Kind.AMBIGUOUS : Kind.NO;
    }
}
