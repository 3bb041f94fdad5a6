package io.rightsizer.logs;

import io.rightsizer.domain.usage.InvocationUsage;

/**
 * Recognises an invocation read twice — the same logs in two formats, overlapping exports, a console copy that
 * shows each event twice — so that it counts once: two reports are the same invocation when they carry the same
 * request id and the same figures (duration, billed duration, memory size, peak, init and restore durations). The same id with other figures is another attempt (Lambda's async retries reuse the id), and
 * a redacted id ({@code *}, {@code <redacted>}, {@code xxxxxxxx-…}, all zeros) identifies nothing: both always count.
 * The first copy read wins, with its time and function.
 *
 * <p>Remembers a fingerprint per report in generations of {@value #DEFAULT_GENERATION}; the two latest are kept,
 * so it is exact for a run of up to twice that many reports and, beyond, for every duplicate that follows its first
 * copy within one generation, in 4 MB per generation (8 MB at most). Not thread-safe: one per run, in input order.
 */
public final class DuplicateFilter {

    /** Reports remembered per generation (two generations are kept). */
    public static final int DEFAULT_GENERATION = 1 << 19;

    private final int generation;
    private LongSet current;
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
        this.current = new LongSet(generation);
    }

    /** Whether {@code usage} is the first copy of its invocation seen by this filter; counts the others. */
    public boolean firstSeen(InvocationUsage usage) {
        return firstSeen(usage, fingerprintOf(usage));
    }

    /** {@link #firstSeen(InvocationUsage)} with the fingerprint already taken (0: a report that identifies nothing). */
    boolean firstSeen(InvocationUsage usage, long fingerprint) {
        if (fingerprint == 0) {
            return true;
        }
        if ((previous != null && previous.mayContain(fingerprint) && previous.contains(fingerprint))
                || !current.add(fingerprint)) {
            duplicates++;
            return false;
        }
        if (current.size() >= generation) {
            forgotten += previous == null ? 0 : previous.size();
            current.buildFilter();
            previous = current;
            current = new LongSet(generation);
        }
        return true;
    }

    /** For each character: its bit among the 62 letters and digits (0 for anything else). */
    private static final long[] ALPHANUMERIC_BIT = new long[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            ALPHANUMERIC_BIT[c] = 1L << (c - '0');
        }
        for (char c = 'a'; c <= 'z'; c++) {
            ALPHANUMERIC_BIT[c] = 1L << (10 + c - 'a');
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            ALPHANUMERIC_BIT[c] = 1L << (36 + c - 'A');
        }
    }

    private static final long DIGITS = (1L << 10) - 1;

    /**
     * The fingerprint {@link #firstSeen(InvocationUsage, long)} takes: 0 for a report that identifies nothing. One
     * pass over the id without branches on its characters (ids are hex: digit-or-letter branches mispredict).
     */
    static long fingerprintOf(InvocationUsage usage) {
        String id = usage.requestId();
        if (id == null || id.length() < 8) {
            return 0;
        }
        int n = id.length();
        long h = 0xcbf29ce484222325L;
        int alphanumerics = 0;
        long seen = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            char a = id.charAt(i);
            char b = id.charAt(i + 1);
            char c = id.charAt(i + 2);
            char d = id.charAt(i + 3);
            long ba = a < 128 ? ALPHANUMERIC_BIT[a] : 0;
            long bb = b < 128 ? ALPHANUMERIC_BIT[b] : 0;
            long bc = c < 128 ? ALPHANUMERIC_BIT[c] : 0;
            long bd = d < 128 ? ALPHANUMERIC_BIT[d] : 0;
            seen |= ba | bb | bc | bd;
            alphanumerics += (ba != 0 ? 1 : 0) + (bb != 0 ? 1 : 0) + (bc != 0 ? 1 : 0) + (bd != 0 ? 1 : 0);
            h = (h ^ (a | (long) b << 16 | (long) c << 32 | (long) d << 48)) * 0x100000001b3L;
        }
        for (; i < n; i++) {
            char a = id.charAt(i);
            long ba = a < 128 ? ALPHANUMERIC_BIT[a] : 0;
            seen |= ba;
            alphanumerics += ba != 0 ? 1 : 0;
            h = (h ^ a) * 0x100000001b3L;
        }
        if (alphanumerics < 8 || (seen & DIGITS) == 0 || Long.bitCount(seen) < 3) {
            return 0;
        }
        return figures(h ^ n, usage);
    }

    /**
     * Reads the slots a fingerprint will be looked up in, ahead of time: a batch of independent reads lets the
     * processor wait for many cache misses at once instead of one after the other.
     */
    void touch(long fingerprint) {
        if (fingerprint != 0) {
            touched ^= current.peek(fingerprint) ^ (previous == null ? 0 : previous.peekFilter(fingerprint));
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

    private static long figures(long idHash, InvocationUsage u) {
        Double init = u.initDurationMs();
        Double restore = u.restoreDurationMs();
        long h = mix(idHash, hundredths(u.durationMs()) ^ u.billedDurationMs() << 40);
        h = mix(h, (long) u.memorySizeMb() << 32 | (u.maxMemoryUsedMb() & 0xffffffffL));
        if (init != null || restore != null) {
            h = mix(h, (init == null ? -1 : hundredths(init)) ^ (restore == null ? -1 : hundredths(restore)) << 32);
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    /** A duration as a REPORT line prints it; durations are never negative, so adding a half rounds. */
    private static long hundredths(double ms) {
        return (long) (ms * 100 + 0.5);
    }

    private static long mix(long h, long v) {
        return (h ^ v) * 0x9e3779b97f4a7c15L + 0x632be59bd9b4e019L;
    }

    /**
     * A set of 64-bit fingerprints in 4 bytes each: the slot comes from the low bits, the stored tag is the high 32
     * bits, so about 51 bits tell two fingerprints apart (a false match is expected once in some 10^15 lookups).
     * Open addressing with linear probing, allocated once at twice the generation so the load stays at most 1/2.
     */
    private static final class LongSet {
        private static final int FILTER_BITS = 1 << 22;

        private final int[] slots;
        private int size;
        /**
         * Once the generation is full and only looked up: one bit per fingerprint (512 KiB, about 1 in 8 bits set),
         * which answers "not here" for most lookups without a cache miss in the table.
         */
        private long[] filter;

        LongSet(int capacity) {
            slots = new int[Integer.highestOneBit(Math.max(16, capacity) * 2 - 1) * 2];
        }

        int size() {
            return size;
        }

        private static int tag(long v) {
            return (int) (v >>> 32) | 1;
        }

        boolean contains(long v) {
            int mask = slots.length - 1;
            int tag = tag(v);
            for (int i = (int) v & mask; ; i = (i + 1) & mask) {
                int s = slots[i];
                if (s == tag) {
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
            int tag = tag(v);
            int i = (int) v & mask;
            while (true) {
                int s = slots[i];
                if (s == tag) {
                    return false;
                }
                if (s == 0) {
                    break;
                }
                i = (i + 1) & mask;
            }
            slots[i] = tag;
            size++;
            return true;
        }

        int peek(long v) {
            return slots[(int) v & (slots.length - 1)];
        }

        void buildFilter() {
            filter = new long[FILTER_BITS / 64];
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != 0) {
                    // The filter bit comes from the tag alone: the slot an entry sits in need not be its home.
                    int bit = filterBit(slots[i]);
                    filter[bit >>> 6] |= 1L << bit;
                }
            }
        }

        /** False when {@code v} is certainly not in the set (only after {@link #buildFilter}). */
        boolean mayContain(long v) {
            int bit = filterBit(tag(v));
            return (filter[bit >>> 6] & 1L << bit) != 0;
        }

        long peekFilter(long v) {
            return filter[filterBit(tag(v)) >>> 6];
        }

        private static int filterBit(int tag) {
            return (tag * 0x9e3779b9) >>> (32 - 22);
        }
    }
}
