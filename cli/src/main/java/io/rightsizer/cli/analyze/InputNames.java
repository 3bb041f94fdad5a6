package io.rightsizer.cli.analyze;

import java.nio.file.Path;

/** Derives a function name from an input file's name, for records that do not name their function. */
public final class InputNames {

    private InputNames() {
    }

    /**
     * The file's base name without any extension: {@code logs/orders.log} gives {@code orders},
     * {@code fn-a.get-log-events.json} gives {@code fn-a}; {@code null} when nothing is left.
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
        return base.isEmpty() ? null : base;
    }
}
