package io.rightsizer.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads typed values from CDK context, where the same key may arrive as a JSON value ({@code cdk.json}) or as a
 * string ({@code -c key=value}); every error names the key.
 */
final class ContextReader {

    private final ContextSource source;

    ContextReader(ContextSource source) {
        this.source = source;
    }

    int integer(String key, int fallback) {
        long value = longInteger(key, fallback);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("context '" + key + "' is too large: " + value);
        }
        return (int) value;
    }

    long longInteger(String key, long fallback) {
        Object raw = source.get(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Number n) {
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException("context '" + key + "' must be a whole number, got " + raw);
            }
            return n.longValue();
        }
        String text = raw.toString().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context '" + key + "' must be a whole number, got '" + raw + "'", e);
        }
    }

    boolean bool(String key, boolean fallback) {
        Object raw = source.get(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        return switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(
                    "context '" + key + "' must be true or false, got '" + raw + "'");
        };
    }

    /** {@code recommend} or {@code apply}; anything else fails with both choices and what each does. */
    io.rightsizer.domain.function.ChangeMode mode(String key, io.rightsizer.domain.function.ChangeMode fallback) {
        String text = string(key, null);
        return text == null ? fallback : io.rightsizer.domain.function.ChangeMode.require("context '" + key + "'", text);
    }

    String string(String key, String fallback) {
        Object raw = source.get(key);
        if (raw == null) {
            return fallback;
        }
        if (!(raw instanceof String text)) {
            throw new IllegalArgumentException("context '" + key + "' must be a string, got " + raw);
        }
        return text.trim();
    }

    List<String> list(String key, List<String> fallback) {
        Object raw = source.get(key);
        if (raw == null) {
            return fallback;
        }
        List<String> values = new ArrayList<>();
        if (raw instanceof List<?> items) {
            for (Object item : items) {
                if (!(item instanceof String s)) {
                    throw new IllegalArgumentException("context '" + key + "' must be a list of strings, got " + raw);
                }
                values.add(s.trim());
            }
        } else if (raw instanceof String text) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        } else {
            throw new IllegalArgumentException(
                    "context '" + key + "' must be a comma-separated string or a list, got " + raw);
        }
        return values;
    }
}
