package io.rightsizer.domain.scan;

import java.util.Objects;

/**
 * A function whose reports a scan could not read, and why.
 *
 * @param function the function's name
 * @param reason   why, in a few words
 */
public record UnreadFunction(String function, String reason) {

    public UnreadFunction {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(reason, "reason");
    }
}
