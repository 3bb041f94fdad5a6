package io.rightsizer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock that runs at real speed from a point the run chooses and that the run moves forward in jumps (a day
 * passes in a moment), shared with another process through a file holding its offset from the real clock in
 * milliseconds: {@link StateMachineMoto} reads it so that the state machine's waits on timestamps end when this
 * clock, not the wall clock, reaches them.
 */
public final class VirtualClock extends Clock {

    private final Path offsetFile;
    private volatile Duration offset;

    private VirtualClock(Path offsetFile, Duration offset) {
        this.offsetFile = offsetFile;
        this.offset = offset;
        write();
    }

    /** A clock that reads {@code start} now; its offset file is a new temporary file. */
    public static VirtualClock startingAt(Instant start) {
        try {
            return new VirtualClock(Files.createTempFile("rightsizer-clock-", ".offset"),
                    Duration.between(Instant.now(), start));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the clock on to {@code instant}; never back, as time does not go back for the processes reading it. */
    public synchronized void advanceTo(Instant instant) {
        Duration next = Duration.between(Instant.now(), instant);
        if (next.compareTo(offset) > 0) {
            offset = next;
            write();
        }
    }

    /** Moves the clock on by {@code duration}. */
    public synchronized void advance(Duration duration) {
        advanceTo(instant().plus(duration));
    }

    /** The file holding the offset from the real clock, in milliseconds (a decimal number, rewritten atomically). */
    public Path offsetFile() {
        return offsetFile;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    private void write() {
        try {
            Path next = offsetFile.resolveSibling(offsetFile.getFileName() + ".next");
            Files.writeString(next, Long.toString(offset.toMillis()));
            Files.move(next, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
