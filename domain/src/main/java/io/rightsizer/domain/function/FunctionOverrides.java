package io.rightsizer.domain.function;

import io.rightsizer.domain.policy.PolicySettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a function's owner set for it alone, by tags read at evaluation: its mode, the memory range it may be given and
 * the headroom added to its average daily maximum. Absent tags leave the deployment's settings in force.
 *
 * @param mode       {@code rightsizer:mode}, or empty
 * @param minMb      {@code rightsizer:min-mb}: never recommend less, or empty
 * @param maxMb      {@code rightsizer:max-mb}: never recommend more (instead of the deployment's upper limit), or empty
 * @param headroomMb {@code rightsizer:headroom-mb}: the seed rule's headroom (instead of the deployment's), or empty
 */
public record FunctionOverrides(Optional<ChangeMode> mode, Optional<Integer> minMb, Optional<Integer> maxMb,
                                Optional<Integer> headroomMb) {

    public static final String MODE_TAG = "rightsizer:mode";
    public static final String MIN_MB_TAG = "rightsizer:min-mb";
    public static final String MAX_MB_TAG = "rightsizer:max-mb";
    public static final String HEADROOM_MB_TAG = "rightsizer:headroom-mb";

    /** No override. */
    public static final FunctionOverrides NONE = new FunctionOverrides(Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());

    public FunctionOverrides {
        java.util.Objects.requireNonNull(mode, "mode");
        java.util.Objects.requireNonNull(minMb, "minMb");
        java.util.Objects.requireNonNull(maxMb, "maxMb");
        java.util.Objects.requireNonNull(headroomMb, "headroomMb");
        minMb.ifPresent(mb -> requireMemory(MIN_MB_TAG, Integer.toString(mb), mb));
        maxMb.ifPresent(mb -> requireMemory(MAX_MB_TAG, Integer.toString(mb), mb));
        headroomMb.ifPresent(mb -> {
            if (mb < 0 || mb > PolicySettings.LAMBDA_MAX_MEMORY_MB) {
                throw new InvalidOverrideException("tag " + HEADROOM_MB_TAG + "=" + mb + " is not a headroom of 0.."
                        + PolicySettings.LAMBDA_MAX_MEMORY_MB + " MB");
            }
        });
        if (minMb.isPresent() && maxMb.isPresent() && minMb.get() > maxMb.get()) {
            throw new InvalidOverrideException("tags " + MIN_MB_TAG + "=" + minMb.get() + " and " + MAX_MB_TAG + "="
                    + maxMb.get() + " contradict each other (the minimum is above the maximum)");
        }
    }

    /**
     * Reads the override tags of a function; other tags are ignored.
     *
     * @throws InvalidOverrideException naming the tag and its value when one is not what its key allows
     */
    public static FunctionOverrides fromTags(Map<String, String> tags) {
        Optional<ChangeMode> mode = Optional.empty();
        String rawMode = tags.get(MODE_TAG);
        if (rawMode != null) {
            mode = Optional.of(ChangeMode.parse(rawMode).orElseThrow(() -> new InvalidOverrideException("tag "
                    + MODE_TAG + "=" + rawMode + " is neither recommend nor apply")));
        }
        return new FunctionOverrides(mode, memory(tags, MIN_MB_TAG), memory(tags, MAX_MB_TAG),
                whole(tags, HEADROOM_MB_TAG));
    }

    /** Whether any tag overrides a setting. */
    public boolean any() {
        return mode.isPresent() || minMb.isPresent() || maxMb.isPresent() || headroomMb.isPresent();
    }

    /** The policy with this function's upper limit and headroom in place of the deployment's. */
    public PolicySettings applyTo(PolicySettings p) {
        if (maxMb.isEmpty() && headroomMb.isEmpty()) {
            return p;
        }
        return new PolicySettings(headroomMb.orElse(p.seedHeadroomMb()), p.peakHeadroomPercent(),
                maxMb.orElse(p.maxMemoryMb()), p.minChangeMb(), p.minChangePercent(), p.minDays(),
                p.minInvocations(), p.oomIncreasePercent(), p.oomMaxIncreasePercent(), p.projectionDays(),
                p.trendConfidencePercent(), p.spikeHeadroomPercent());
    }

    /** The overrides of sizes in force, as a reader sees them in a reason ("headroom 256 MB from tag ..."). */
    public List<String> sizeNotes() {
        List<String> notes = new ArrayList<>();
        headroomMb.ifPresent(mb -> notes.add("headroom " + mb + " MB from tag " + HEADROOM_MB_TAG));
        minMb.ifPresent(mb -> notes.add("at least " + mb + " MB from tag " + MIN_MB_TAG));
        maxMb.ifPresent(mb -> notes.add("at most " + mb + " MB from tag " + MAX_MB_TAG));
        return notes;
    }

    private static Optional<Integer> memory(Map<String, String> tags, String key) {
        Optional<Integer> mb = whole(tags, key);
        mb.ifPresent(v -> requireMemory(key, tags.get(key), v));
        return mb;
    }

    private static void requireMemory(String key, String raw, int mb) {
        if (mb < PolicySettings.LAMBDA_MIN_MEMORY_MB || mb > PolicySettings.LAMBDA_MAX_MEMORY_MB) {
            throw new InvalidOverrideException("tag " + key + "=" + raw.trim() + " is outside Lambda's memory sizes ("
                    + PolicySettings.LAMBDA_MIN_MEMORY_MB + ".." + PolicySettings.LAMBDA_MAX_MEMORY_MB + " MB)");
        }
    }

    private static Optional<Integer> whole(Map<String, String> tags, String key) {
        String raw = tags.get(key);
        if (raw == null) {
            return Optional.empty();
        }
        String text = raw.trim();
        if (!text.matches("\\d{1,6}")) {
            throw new InvalidOverrideException("tag " + key + "=" + raw + " is not a whole number of MB");
        }
        return Optional.of(Integer.parseInt(text));
    }
}
