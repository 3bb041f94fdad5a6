package io.rightsizer.cli.command;

import io.rightsizer.domain.policy.PolicySettings;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** The sizing policy's knobs as command-line options, shared by every command that runs the policy. */
public final class PolicyOptions {

    @Option(names = "--seed-headroom-mb", paramLabel = "MB",
            defaultValue = "" + PolicySettings.DEFAULT_SEED_HEADROOM_MB,
            description = "Added to the average of the daily maxima: the seed rule (default: ${DEFAULT-VALUE}).")
    int seedHeadroomMb;

    @Option(names = "--peak-headroom-percent", paramLabel = "PCT",
            defaultValue = "" + PolicySettings.DEFAULT_PEAK_HEADROOM_PERCENT,
            description = "Never recommend less than the peak, projected along a significant growth, plus this share "
                    + "of it (default: ${DEFAULT-VALUE}) ...")
    int peakHeadroomPercent;

    @Option(names = "--spike-headroom-percent", paramLabel = "PCT",
            defaultValue = "" + PolicySettings.DEFAULT_SPIKE_HEADROOM_PERCENT,
            description = "... plus this share of the peak's rise above the median day, divided by the square root of "
                    + "the days that high: the next spike may be larger (default: ${DEFAULT-VALUE}).")
    int spikeHeadroomPercent;

    @Option(names = "--projection-days", paramLabel = "DAYS",
            defaultValue = "" + PolicySettings.DEFAULT_PROJECTION_DAYS,
            description = "A significant growth of the daily maxima is projected this many days past the window: the "
                    + "next window and its watch; 0 projects nothing (default: ${DEFAULT-VALUE}).")
    int projectionDays;

    @Option(names = "--trend-confidence-percent", paramLabel = "PCT",
            defaultValue = "" + PolicySettings.DEFAULT_TREND_CONFIDENCE_PERCENT,
            description = "Confidence at which a rise of the daily maxima counts as growth, by a one-sided "
                    + "Mann-Kendall test, 50..99 (default: ${DEFAULT-VALUE}).")
    int trendConfidencePercent;

    @Option(names = "--max-memory-mb", paramLabel = "MB", defaultValue = "" + PolicySettings.DEFAULT_MAX_MEMORY_MB,
            description = "Upper limit of a recommendation, 128..10240; lower it where the account's limit is lower "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxMemoryMb;

    @Option(names = "--min-change-mb", paramLabel = "MB", defaultValue = "" + PolicySettings.DEFAULT_MIN_CHANGE_MB,
            description = "Keep the current size when the change is smaller than this (default: ${DEFAULT-VALUE}).")
    int minChangeMb;

    @Option(names = "--min-change-percent", paramLabel = "PCT",
            defaultValue = "" + PolicySettings.DEFAULT_MIN_CHANGE_PERCENT,
            description = "... or smaller than this share of the current size (default: ${DEFAULT-VALUE}).")
    int minChangePercent;

    @Option(names = "--min-days", paramLabel = "N", defaultValue = "" + PolicySettings.DEFAULT_MIN_DAYS,
            description = "Fewer days with data is INSUFFICIENT_DATA; reports without a time count as one day "
                    + "(default: ${DEFAULT-VALUE}).")
    int minDays;

    @Option(names = "--min-invocations", paramLabel = "N", defaultValue = "" + PolicySettings.DEFAULT_MIN_INVOCATIONS,
            description = "Fewer invocations is INSUFFICIENT_DATA (default: ${DEFAULT-VALUE}).")
    long minInvocations;

    @Option(names = "--oom-increase-percent", paramLabel = "PCT",
            defaultValue = "" + PolicySettings.DEFAULT_OOM_INCREASE_PERCENT,
            description = "A function that ran out of memory, or peaked at its size, grows by at least this share "
                    + "(default: ${DEFAULT-VALUE}) ...")
    int oomIncreasePercent;

    @Option(names = "--oom-max-increase-percent", paramLabel = "PCT",
            defaultValue = "" + PolicySettings.DEFAULT_OOM_MAX_INCREASE_PERCENT,
            description = "... and by up to this share when every invocation ran out of memory (default: "
                    + "${DEFAULT-VALUE}).")
    int oomMaxIncreasePercent;

    /** The settings, or a usage error naming the option when a value is out of range. */
    public PolicySettings settings(String command) {
        try {
            return new PolicySettings(seedHeadroomMb, peakHeadroomPercent, maxMemoryMb, minChangeMb, minChangePercent,
                    minDays, minInvocations, oomIncreasePercent, oomMaxIncreasePercent, projectionDays,
                    trendConfidencePercent, spikeHeadroomPercent);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(optionNames(e.getMessage()) + " (see 'rightsizer " + command + " --help')");
        }
    }

    /** Names the flag instead of the settings field in a validation message. */
    private static String optionNames(String message) {
        Map<String, String> flags = new LinkedHashMap<>();
        // Longer names first, so that oomIncreasePercent does not match inside oomMaxIncreasePercent's message.
        flags.put("oomMaxIncreasePercent", "--oom-max-increase-percent");
        flags.put("oomIncreasePercent", "--oom-increase-percent");
        flags.put("seedHeadroomMb", "--seed-headroom-mb");
        flags.put("peakHeadroomPercent", "--peak-headroom-percent");
        flags.put("spikeHeadroomPercent", "--spike-headroom-percent");
        flags.put("projectionDays", "--projection-days");
        flags.put("trendConfidencePercent", "--trend-confidence-percent");
        flags.put("maxMemoryMb", "--max-memory-mb");
        flags.put("minChangeMb", "--min-change-mb");
        flags.put("minChangePercent", "--min-change-percent");
        flags.put("minDays", "--min-days");
        flags.put("minInvocations", "--min-invocations");
        String out = message;
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            out = out.replaceFirst("^" + flag.getKey() + "\\b", flag.getValue());
        }
        return out;
    }
}
