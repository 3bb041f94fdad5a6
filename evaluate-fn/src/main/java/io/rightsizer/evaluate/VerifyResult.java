package io.rightsizer.evaluate;

/**
 * The Verify task's answer: keep the change or roll it back, and why.
 *
 * @param verdict {@code KEEP} or {@code ROLLBACK}
 * @param reason  why, in one sentence
 * @param window  the window's figures (before the change)
 * @param watch   the watch period's figures (after the change)
 */
public record VerifyResult(String verdict, String reason, Figures window, Figures watch) {
}
