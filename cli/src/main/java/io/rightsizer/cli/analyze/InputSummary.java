package io.rightsizer.cli.analyze;

import io.rightsizer.logs.MalformedSample;
import io.rightsizer.logs.ParseStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What inputs held, in one line, for a run (or an input) that gave no usage report: the lines read, Lambda's own
 * lines by kind, and why the reports there were did not count.
 */
final class InputSummary {

    /** The names people know the skip kinds by, in the order they are listed. */
    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put(ParseStats.START, "START");
        KINDS.put(ParseStats.END, "END");
        KINDS.put(ParseStats.INIT_START, "INIT_START");
        KINDS.put(ParseStats.INIT_REPORT, "INIT_REPORT");
        KINDS.put(ParseStats.RESTORE_START, "RESTORE_START");
        KINDS.put(ParseStats.RESTORE_REPORT, "RESTORE_REPORT");
        KINDS.put(ParseStats.EXTENSION_LINE, "EXTENSION/TELEMETRY");
        KINDS.put(ParseStats.CONTROL_MESSAGE, "control message");
        KINDS.put(ParseStats.OTHER_JSON, "JSON of no known shape");
        KINDS.put(ParseStats.APPLICATION_OUTPUT, "application output");
    }

    private InputSummary() {
    }

    /** For example {@code 2,053 lines, all application output; no REPORT line and no platform.report record}. */
    static String of(ParseStats stats) {
        StringBuilder out = new StringBuilder(count(stats.lines(), "line"));
        Map<String, Long> skipped = stats.skipped();
        long application = stats.skipped(ParseStats.APPLICATION_OUTPUT);
        long malformed = stats.skipped(ParseStats.MALFORMED);
        long anonymous = stats.skipped(ParseStats.NO_FUNCTION);
        long managed = stats.skipped(ParseStats.MANAGED_INSTANCES_REPORT);
        long duplicates = stats.skipped(ParseStats.DUPLICATE);
        long total = stats.totalSkipped();
        if (total == 0) {
            return out.append(stats.lines() == 0 ? ", empty" : ", all blank")
                    .append("; no REPORT line and no platform.report record").toString();
        }
        if (application == total) {
            return out.append(", all application output; no REPORT line and no platform.report record").toString();
        }
        List<String> parts = new ArrayList<>();
        long telemetry = 0;
        for (Map.Entry<String, Long> kind : skipped.entrySet()) {
            if (kind.getKey().startsWith("platform.") || kind.getKey().equals(ParseStats.OTHER_EVENT)) {
                telemetry += kind.getValue();
            }
        }
        for (Map.Entry<String, String> kind : KINDS.entrySet()) {
            long n = stats.skipped(kind.getKey());
            if (n > 0 && !kind.getKey().equals(ParseStats.APPLICATION_OUTPUT)) {
                parts.add(number(n) + " " + kind.getValue());
            }
        }
        if (telemetry > 0) {
            parts.add(count(telemetry, "Telemetry event") + " other than platform.report");
        }
        if (application > 0) {
            parts.add(number(application) + " application output");
        }
        if (malformed > 0) {
            List<MalformedSample> samples = stats.malformedSamples();
            String first = samples.isEmpty() ? "" : " (" + (samples.get(0).line() > 0 ? "line "
                    + samples.get(0).line() + ": " : "") + samples.get(0).reason() + ")";
            parts.add(number(malformed) + " unreadable REPORT" + (malformed == 1 ? "" : "s") + first);
        }
        if (managed > 0) {
            parts.add(count(managed, "Managed Instances report") + " (no memory figures)");
        }
        if (anonymous > 0) {
            parts.add(count(anonymous, "report") + " that name" + (anonymous == 1 ? "s" : "")
                    + " no function (give --function NAME)");
        }
        if (duplicates > 0) {
            parts.add(count(duplicates, "copy") + " of reports already read");
        }
        out.append(": ").append(String.join(", ", parts));
        if (malformed + managed + anonymous + duplicates == 0) {
            out.append("; no REPORT line and no platform.report record");
        }
        return out.toString();
    }

    private static String count(long n, String noun) {
        String plural = noun.endsWith("y") ? noun.substring(0, noun.length() - 1) + "ies" : noun + "s";
        return number(n) + " " + (n == 1 ? noun : plural);
    }

    private static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
