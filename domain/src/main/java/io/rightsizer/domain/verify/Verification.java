package io.rightsizer.domain.verify;

import io.rightsizer.domain.fold.WindowFigures;

import java.util.Objects;

/**
 * The verdict on a watched change with the two periods it compared and a reason a person can read.
 *
 * @param verdict keep or roll back
 * @param reason  why, in one sentence
 * @param window  the evaluation window (before the change)
 * @param watch   the watch period (after the change)
 */
public record Verification(Verdict verdict, String reason, WindowFigures window, WindowFigures watch) {

    public Verification {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(watch, "watch");
    }
}
