package io.rightsizer.evaluate;

/**
 * The Verify task's answer: keep the change, roll it back, raise again, or leave it unjudged, and why.
 *
 * @param verdict {@code KEEP}, {@code ROLLBACK}, {@code RAISE} or {@code NOT_IN_EFFECT}
 * @param reason  why, in one sentence
 * @param window  the window's figures at the size before the change
 * @param watch   the figures of the watched days at the new size
 * @param raise   with {@code RAISE}: the further increase, shaped like Evaluate's decision (Apply takes it as is);
 *                otherwise {@code null}
 */
public record VerifyResult(String verdict, String reason, Figures window, Figures watch, EvaluateResult raise) {
}
