package io.rightsizer.testing.fleet;

import java.util.Locale;

/** How a simulated function's memory demand behaves from day to day. */
public enum DemandKind {
    /** The same level every day, lognormal noise per invocation. */
    STEADY,
    /** A level that swings with the time of day. */
    DIURNAL,
    /** A batch on one weekday that needs 1.5–2.5× the usual level. */
    WEEKLY_BATCH,
    /** A level that grows 1–2.5% a day. */
    GROWTH,
    /** A burst every 7–20 days at 1.8–3× the usual level. */
    RARE_SPIKES,
    /** Short bursts on random days at 1.1–1.6× the usual level, each burst its own size. */
    BURSTY,
    /** Steady, but configured below its need: it runs out of memory in the first window. */
    UNDER_PROVISIONED,
    /** Steady, with 3–25 invocations a day. */
    LOW_TRAFFIC;

    /** The kind's name as reports print it ({@code weekly-batch}). */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
