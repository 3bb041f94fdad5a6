package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;

/**
 * Recognises an invocation read twice — the same logs in two formats, overlapping exports, a console copy that
 * shows each event twice — so that it counts once: two reports are the same invocation when they carry the same
 * request id and the same figures (duration, billed duration, memory size, peak, init and restore durations). The same id with other figures is another attempt (Lambda's async retries reuse the id), and
 * a redacted id ({@code *}, {@code <redacted>}, {@code xxxxxxxx-…}, all zeros) identifies nothing: both always count.
 * The first copy read wins, with its time and function.
 *
 * <p>Remembers a 64-bit fingerprint per report in generations of {@value #DEFAULT_GENERATION}; the two latest are
 * kept, so it is exact for a run of up to twice that many reports and, beyond, for every duplicate that follows its
 * first copy within one generation, in at most 16 MB. Not thread-safe: one per run, used in input order.
 */
public final class DuplicateFilter {

    /** Reports remembered per generation (two generations are kept). */
    public static final int DEFAULT_GENERATION = 1 << 19;

    private final int generation;
    private LongSet current = new LongSet();
    /** The generation before the current one, or {@code null} before the first has filled. */
    private LongSet previous;
    private long duplicates;
    private long forgotten;

    /** A filter remembering the default number of reports. */
    public DuplicateFilter() {
        this(DEFAULT_GENERATION);
    }

    /** A filter whose generations hold {@code generation} reports each (tests use small ones). */
    public DuplicateFilter(int generation) {
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be positive: " + generation);
        }
        this.generation = generation;
    }

    /** Whether {@code usage} is the first copy of its invocation seen by this filter; counts the others. */
    public boolean firstSeen(InvocationUsage usage) {
        return firstSeen(usage, identifies(usage.requestId()) ? fingerprint(usage) : 0);
    }

    /** {@link #firstSeen(InvocationUsage)} with the fingerprint already taken (0: a report that identifies nothing). */
    boolean firstSeen(InvocationUsage usage, long fingerprint) {
        if (fingerprint == 0) {
            return true;
        }
        if ((previous != null && previous.contains(fingerprint)) || !current.add(fingerprint)) {
            duplicates++;
            return false;
        }
        if (current.size() >= generation) {
            forgotten += previous == null ? 0 : previous.size();
            previous = current;
            current = new LongSet();
        }
        return true;
    }

    /** The fingerprint {@link #firstSeen(InvocationUsage, long)} takes: 0 for a report that identifies nothing. */
    static long fingerprintOf(InvocationUsage usage) {
        return identifies(usage.requestId()) ? fingerprint(usage) : 0;
    }

    /**
     * Reads the slots a fingerprint will be looked up in, ahead of time: a batch of independent reads lets the
     * processor wait for many cache misses at once instead of one after the other.
     */
    void touch(long fingerprint) {
        if (fingerprint != 0) {
            touched ^= current.peek(fingerprint) ^ (previous == null ? 0 : previous.peek(fingerprint));
        }
    }

    /** Keeps {@link #touch} from being optimised away. */
    private long touched;

    /** How many reports were recognised as copies. */
    public long duplicates() {
        return duplicates;
    }

    /** How many fingerprints were dropped to bound memory (0 unless the input held more than two generations). */
    public long forgotten() {
        return forgotten;
    }

    /**
     * Whether a request id identifies an invocation: at least 8 letters or digits, at least one digit, and at least 3
     * different ones (so {@code *}, {@code <redacted>}, {@code xxxxxxxx-xxxx-…} and {@code 00000000-0000-…} do not).
     */
    static boolean identifies(String requestId) {
        if (requestId == null) {
            return false;
        }
        int alphanumerics = 0;
        boolean digit = false;
        long seen = 0;
        for (int i = 0; i < requestId.length(); i++) {
            char c = requestId.charAt(i);
            int bit;
            if (c >= '0' && c <= '9') {
                digit = true;
                bit = c - '0';
            } else if (c >= 'a' && c <= 'z') {
                bit = 10 + c - 'a';
            } else if (c >= 'A' && c <= 'Z') {
                bit = 36 + c - 'A';
            } else {
                continue;
            }
            alphanumerics++;
            seen |= 1L << bit;
        }
        return alphanumerics >= 8 && digit && Long.bitCount(seen) >= 3;
    }

    static long fingerprint(InvocationUsage u) {
        long h = 0xcbf29ce484222325L;
        String id = u.requestId();
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001b3L;
        }
        h = mix(h, hundredths(u.durationMs()));
        h = mix(h, u.billedDurationMs());
        h = mix(h, (long) u.memorySizeMb() << 32 | (u.maxMemoryUsedMb() & 0xffffffffL));
        h = mix(h, u.initDurationMs() == null ? -1 : hundredths(u.initDurationMs()));
        h = mix(h, u.restoreDurationMs() == null ? -1 : hundredths(u.restoreDurationMs()));
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    private static long hundredths(double ms) {
        return Math.round(ms * 100);
    }

    private static long mix(long h, long v) {
        return (h ^ v) * 0x9e3779b97f4a7c15L + 0x632be59bd9b4e019L;
    }

    /** An open-addressing set of non-zero longs (linear probing, grows to keep the load at most 1/2). */
    private static final class LongSet {
        private long[] slots = new long[1 << 12];
        private int size;

        int size() {
            return size;
        }

        boolean contains(long v) {
            int mask = slots.length - 1;
            for (int i = (int) v & mask; ; i = (i + 1) & mask) {
                long s = slots[i];
                if (s == v) {
                    return true;
                }
                if (s == 0) {
                    return false;
                }
            }
        }

        /** Adds {@code v}; false when it was there already. */
        boolean add(long v) {
            int mask = slots.length - 1;
            int i = (int) v & mask;
            while (true) {
                long s = slots[i];
                if (s == v) {
                    return false;
                }
                if (s == 0) {
                    break;
                }
                i = (i + 1) & mask;
            }
            slots[i] = v;
            if (++size * 2L > slots.length) {
                grow();
            }
            return true;
        }

        long peek(long v) {
            return slots[(int) v & (slots.length - 1)];
        }

        private void grow() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length - 1;
            for (long v : old) {
                if (v != 0) {
                    int i = (int) v & mask;
                    while (slots[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    slots[i] = v;
                }
            }
        }
    }
}
