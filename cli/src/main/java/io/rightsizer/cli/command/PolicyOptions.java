package io.rightsizer.cli.command;

import io.rightsizer.domain.policy.PolicySettings;
import picocli.CommandLine.Option;

import java.util.Map;

/** The sizing policy's knobs as command-line options, with the deployed pipeline's defaults (a picocli mixin). */
public final class PolicyOptions {

    @Option(names = "--seed-headroom-mb", paramLabel = "MB",
            defaultValue = "" + PolicySettings.DEFAULT_SEED_HEADROOM_MB,
            description = "Added to the average of the daily maxima: the seed rule (default: ${DEFAULT-VALUE}).")
    int seedHeadroomMb;

    @Option(names = "--peak-headroom-percent", paramLabel = "PCT",
            defaultValue = "" + PolicySettings.DEFAULT_PEAK_HEADROOM_PERCENT,
            description = "Never recommend less than the peak plus this share of it (default: ${DEFAULT-VALUE}).")
    int peakHeadroomPercent;

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
            description = "Fewer days with data is INSUFFICIENT_DATA (default: ${DEFAULT-VALUE}).")
    int minDays;

    @Option(names = "--min-invocations", paramLabel = "N", defaultValue = "" + PolicySettings.DEFAULT_MIN_INVOCATIONS,
            description = "Fewer invocations is INSUFFICIENT_DATA (default: ${DEFAULT-VALUE}).")
    long minInvocations;

    @Option(names = "--oom-increase-percent", paramLabel = "PCT",
            defaultValue = "" + PolicySettings.DEFAULT_OOM_INCREASE_PERCENT,
            description = "A function that ran out of memory, or peaked at its size, grows by at least this share "
                    + "(default: ${DEFAULT-VALUE}).")
    int oomIncreasePercent;

    /**
     * The settings the options name.
     *
     * @param command names the command in the usage hint of an error, for example {@code rightsizer scan}
     * @throws CliException a usage error naming the flag when a value is out of range
     */
    public PolicySettings settings(String command) {
        try {
            return new PolicySettings(seedHeadroomMb, peakHeadroomPercent, maxMemoryMb, minChangeMb, minChangePercent,
                    minDays, minInvocations, oomIncreasePercent);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(optionNames(e.getMessage()) + " (see '" + command + " --help')");
        }
    }

    /** Names the flag instead of the settings field in a validation message. */
    private static String optionNames(String message) {
        Map<String, String> flags = Map.of(
                "seedHeadroomMb", "--seed-headroom-mb",
                "peakHeadroomPercent", "--peak-headroom-percent",
                "maxMemoryMb", "--max-memory-mb",
                "minChangeMb", "--min-change-mb",
                "minChangePercent", "--min-change-percent",
                "minDays", "--min-days",
                "minInvocations", "--min-invocations",
                "oomIncreasePercent", "--oom-increase-percent");
        String out = message;
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            out = out.replaceFirst("^" + flag.getKey() + "\\b", flag.getValue());
        }
        return out;
    }
}
