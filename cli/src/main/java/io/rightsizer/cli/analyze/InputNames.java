package io.rightsizer.cli.analyze;

import java.nio.file.Path;
import java.util.regex.Pattern;

/** Derives a function name from an input file's name, for records that do not name their function. */
public final class InputNames {

    /** A date (and time) at the end: {@code -2025-06-01}, {@code _20250601}, {@code .2025-06-01T10-00-00Z}. */
    private static final Pattern DATE = Pattern.compile(
            "[-_. ]?\\d{4}-?\\d{2}-?\\d{2}(?:[T_ -]?\\d{2}[-:]?\\d{2}(?:[-:]?\\d{2})?Z?)?$");
    /**
     * A numbered part after a date: {@code -2025-06-01-3}, {@code 20250601.12}. Alone, a number at the end is part of
     * the name ({@code worker-1}, {@code svc-07} are functions of their own, and merging them would be a wrong
     * recommendation), so it is taken off only where a date comes before it.
     */
    private static final Pattern NUMBER = Pattern.compile("[-_. ](?:\\d{1,2}|0\\d+)$");
    /** An explicit part or copy marker at the end: {@code -part-7}, {@code _chunk3}, {@code  (2)}. */
    private static final Pattern PART = Pattern.compile("(?:[-_.]?(?:part|page|chunk)[-_.]?\\d+| ?\\(\\d+\\))$");
    private static final Pattern LETTER = Pattern.compile("[A-Za-z]");

    private InputNames() {
    }

    /**
     * The file's base name without any extension and without date or sequence suffixes:
     * {@code logs/orders.log} and {@code orders-2025-06-01-1.log} give {@code orders},
     * {@code fn-a.get-log-events.json} gives {@code fn-a}; {@code null} when nothing that can name a function is
     * left ({@code 000000.gz} of an S3 export, {@code 2025-06-01.log}).
     */
    public static String functionName(Path file) {
        Path fileName = file.getFileName();
        if (fileName == null) {
            return null;
        }
        String name = fileName.toString();
        int start = 0;
        while (start < name.length() && name.charAt(start) == '.') {
            start++; // a hidden file's leading dot is not an extension
        }
        int dot = name.indexOf('.', start);
        String base = (dot < 0 ? name.substring(start) : name.substring(start, dot)).strip();
        String previous;
        do {
            previous = base;
            base = PART.matcher(base).replaceFirst("").strip();
            String withoutNumber = NUMBER.matcher(base).replaceFirst("");
            if (!withoutNumber.equals(base) && DATE.matcher(withoutNumber).find()) {
                base = withoutNumber;
            }
            base = DATE.matcher(base).replaceFirst("").strip();
        } while (!base.equals(previous) && !base.isEmpty());
        return base.isEmpty() || !LETTER.matcher(base).find() ? null : base;
    }
}
