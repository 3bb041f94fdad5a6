package io.rightsizer.logs;

import java.util.Objects;

/**
 * One malformed piece of input, kept so an error message can point at it.
 *
 * @param line    the 1-based line of the input where it starts, or 0 when the input has no lines (a single payload)
 * @param reason  what was wrong, in a few words
 * @param excerpt the start of the offending text, shortened and with control characters escaped
 */
public record MalformedSample(long line, String reason, String excerpt) {

    /** The longest excerpt kept. */
    public static final int MAX_EXCERPT = 160;

    public MalformedSample {
        Objects.requireNonNull(reason, "reason");
        if (line < 0) {
            throw new IllegalArgumentException("line must not be negative: " + line);
        }
        excerpt = excerpt == null ? "" : shorten(excerpt);
    }

    private static String shorten(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_EXCERPT) + 8);
        for (int i = 0; i < text.length() && out.length() < MAX_EXCERPT; i++) {
            char c = text.charAt(i);
            if (c == '\t') {
                out.append("\\t");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x20 || c == 0x7f || c == '\ufffd') {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        if (out.length() >= MAX_EXCERPT && text.length() > MAX_EXCERPT) {
            out.append('…');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + reason + (excerpt.isEmpty() ? "" : " [" + excerpt + "]");
    }
}
