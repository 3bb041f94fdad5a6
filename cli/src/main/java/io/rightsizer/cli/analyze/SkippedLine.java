package io.rightsizer.cli.analyze;

import io.rightsizer.logs.ParseStats;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The "Skipped:" line of the table outputs. START and END lines, application output and the other Telemetry events
 * carry no usage by design: listing them is noise. By default the line names only what a user should look at —
 * records that could not be read, reports that name no function, records the extension lost, reports that cannot
 * size memory, reports without a time — and is left out when there are none; {@code --verbose} lists every kind.
 */
public final class SkippedLine {

    /** The kinds of skipped records that mean usage was lost or unreadable. */
    static final Set<String> WORTH_A_LOOK = Set.of(ParseStats.MALFORMED, ParseStats.NO_FUNCTION,
            ParseStats.PLATFORM_LOGS_DROPPED, ParseStats.MANAGED_INSTANCES_REPORT, "undated");

    private SkippedLine() {
    }

    /** The line to print, if any, for the skipped records counted by kind. */
    public static Optional<String> of(Map<String, Long> skipped, boolean verbose) {
        if (verbose) {
            return Optional.of("Skipped: " + (skipped.isEmpty() ? "nothing"
                    : join(skipped, Set.copyOf(skipped.keySet()))));
        }
        Set<String> shown = skipped.keySet().stream().filter(WORTH_A_LOOK::contains).collect(Collectors.toSet());
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Skipped: " + join(skipped, shown) + " (--verbose lists every kind of record skipped)");
    }

    private static String join(Map<String, Long> skipped, Set<String> kinds) {
        return skipped.entrySet().stream().filter(e -> kinds.contains(e.getKey()))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
