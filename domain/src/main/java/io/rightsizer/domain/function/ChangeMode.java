package io.rightsizer.domain.function;

import java.util.Locale;
import java.util.Optional;

/** Whether Rightsizer may change a function's memory ({@code apply}) or only decide and record ({@code recommend}). */
public enum ChangeMode {
    /** Decide and record the decision (and notify), never call UpdateFunctionConfiguration. */
    RECOMMEND,
    /** Decide, change the memory, watch it and roll it back when it hurt. */
    APPLY;

    /** The mode's name as settings and tags spell it: {@code recommend} or {@code apply}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code recommend} or {@code apply} in any case and with surrounding blanks; empty for anything else. */
    public static Optional<ChangeMode> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "recommend" -> Optional.of(RECOMMEND);
            case "apply" -> Optional.of(APPLY);
            default -> Optional.empty();
        };
    }

    /**
     * Reads a configured mode.
     *
     * @param name what the value is called where the user set it (a context key, a variable), for the message
     * @throws IllegalArgumentException naming {@code name} and the value when it is neither mode
     */
    public static ChangeMode require(String name, String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException(name
                + " must be recommend (decide and record, never change a function) or apply (change, watch and roll"
                + " back), got '" + value + "'"));
    }
}
