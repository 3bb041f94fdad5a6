package io.rightsizer.demo;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run's story on the terminal, one line per step, stamped with the run's (virtual) time: what a person would
 * have seen over two weeks, in the order it happened.
 */
final class Timeline {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final Clock clock;
    private final List<String> lines = new ArrayList<>();

    Timeline(PrintStream out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    /** A step of one function. */
    synchronized void event(String function, String text) {
        print(String.format(Locale.ROOT, "%s  %-15s %s", stamp(clock.instant()), function == null ? "-" : function,
                text));
    }

    /** A line of the run itself (a heading, a command). */
    synchronized void note(String text) {
        print(text);
    }

    /** Everything printed so far. */
    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    static String stamp(Instant at) {
        return STAMP.format(at);
    }

    private void print(String line) {
        lines.add(line);
        out.println(line);
        out.flush();
    }
}
