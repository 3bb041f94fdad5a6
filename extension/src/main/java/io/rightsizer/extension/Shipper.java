package io.rightsizer.extension;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Ships buffered reports to Kinesis on its own thread, so the INVOKE path never waits on the network; batches
 * reports into stream records and retries only the entries Kinesis rejected.
 */
final class Shipper implements Runnable {

    /** At most this many reports per PutRecords call: at most 500 records, and far below the 5 MiB call limit. */
    static final int REPORTS_PER_CALL = 500;
    private static final int ENTRY_ATTEMPTS = 3;
    private static final String RECORD_SUFFIX = "]}";

    private final ReportBuffer buffer;
    private final KinesisClient kinesis;
    private final Envelope envelope;
    private final Counters counters;
    private final int maxRecordBytes;
    private final int callTimeoutMs;

    private long requested;
    private long completed;
    private volatile long hardDeadlineNanos = Long.MAX_VALUE;
    private boolean failing;
    private volatile int inFlight;

    Shipper(ReportBuffer buffer, KinesisClient kinesis, Envelope envelope, Counters counters, int maxRecordBytes,
            int callTimeoutMs) {
        this.buffer = buffer;
        this.kinesis = kinesis;
        this.envelope = envelope;
        this.counters = counters;
        this.maxRecordBytes = maxRecordBytes;
        this.callTimeoutMs = callTimeoutMs;
    }

    void start() {
        Thread t = new Thread(null, this, "rightsizer-shipper", 256 * 1024);
        t.setDaemon(true);
        t.start();
    }

    /** Asks for a flush without waiting for it. */
    synchronized void kick() {
        requested++;
        notifyAll();
    }

    /**
     * Asks for a flush and waits until one that started after this call has finished, or the deadline passes;
     * no network call of the shipper outlives the deadline. Returns how many reports are not shipped yet
     * (buffered or in flight).
     */
    int flushAndWait(long deadlineNanos) {
        hardDeadlineNanos = deadlineNanos;
        long target;
        synchronized (this) {
            target = ++requested;
            notifyAll();
            try {
                while (completed < target) {
                    long waitMs = (deadlineNanos - System.nanoTime()) / 1_000_000;
                    if (waitMs <= 0) {
                        break;
                    }
                    wait(waitMs);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return buffer.size() + inFlight;
    }

    @Override
    public void run() {
        try {
            kinesis.warmUp();
        } catch (RuntimeException e) {
            Log.once("warm-up", "signer warm-up failed: " + e);
        }
        while (true) {
            long target;
            synchronized (this) {
                while (completed >= requested) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                target = requested;
            }
            try {
                drain();
            } catch (RuntimeException | Error e) {
                // A bug here must not stop the extension answering events; reports stay buffered.
                Log.once("shipper-fault", "shipping failed unexpectedly: " + e);
            }
            synchronized (this) {
                completed = Math.max(completed, target);
                notifyAll();
            }
        }
    }

    private void drain() {
        while (envelope.ready() && remainingMs() > 0) {
            List<String> reports = buffer.take(REPORTS_PER_CALL);
            if (reports.isEmpty()) {
                return;
            }
            inFlight = reports.size();
            try {
                if (!ship(reports)) {
                    return;
                }
            } finally {
                inFlight = 0;
            }
        }
    }

    /** Sends one call's worth of reports; returns false when some went back to the buffer. */
    private boolean ship(List<String> reports) {
        List<List<String>> groups = group(reports);
        List<byte[]> records = new ArrayList<>(groups.size());
        for (List<String> group : groups) {
            records.add(record(envelope, group));
        }
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            pending.add(i);
        }
        for (int attempt = 1; attempt <= ENTRY_ATTEMPTS && !pending.isEmpty(); attempt++) {
            if (attempt > 1 && !pause(25L << attempt)) {
                break;
            }
            int timeout = (int) Math.min(callTimeoutMs, remainingMs());
            if (timeout <= 0) {
                break;
            }
            List<byte[]> batch = new ArrayList<>(pending.size());
            for (int i : pending) {
                batch.add(records.get(i));
            }
            List<String> errors;
            counters.putCalls.incrementAndGet();
            try {
                errors = kinesis.putRecords(batch, envelope.functionName(), timeout);
            } catch (KinesisClient.CallFailedException e) {
                counters.putErrors.incrementAndGet();
                failing = true;
                Log.once("put-" + e.kind(), e.getMessage() + "; reports stay buffered (bounded, oldest dropped)");
                break;
            }
            if (failing) {
                failing = false;
                Log.info("Kinesis reachable again");
            }
            List<Integer> still = new ArrayList<>();
            for (int j = 0; j < errors.size(); j++) {
                int index = pending.get(j);
                if (errors.get(j) == null) {
                    counters.shipped.addAndGet(groups.get(index).size());
                } else {
                    counters.putFailures.incrementAndGet();
                    Log.once("entry-" + errors.get(j), "Kinesis rejected a record (" + errors.get(j)
                            + "); retrying only the rejected records");
                    still.add(index);
                }
            }
            pending = still;
        }
        if (pending.isEmpty()) {
            return true;
        }
        List<String> unsent = new ArrayList<>();
        for (int i : pending) {
            unsent.addAll(groups.get(i));
        }
        buffer.putBack(unsent);
        return false;
    }

    /** Splits reports into records that stay under the record size limit. */
    private List<List<String>> group(List<String> reports) {
        int fixed = envelope.prefix().getBytes(StandardCharsets.UTF_8).length + RECORD_SUFFIX.length();
        List<List<String>> groups = new ArrayList<>();
        List<String> current = new ArrayList<>();
        int size = fixed;
        for (String report : reports) {
            int bytes = report.getBytes(StandardCharsets.UTF_8).length + 1;
            if (!current.isEmpty() && size + bytes > maxRecordBytes) {
                groups.add(current);
                current = new ArrayList<>();
                size = fixed;
            }
            current.add(report);
            size += bytes;
        }
        if (!current.isEmpty()) {
            groups.add(current);
        }
        return groups;
    }

    /** One stream record: the function's envelope around already serialised reports. */
    static byte[] record(Envelope envelope, List<String> reports) {
        StringBuilder sb = new StringBuilder(envelope.prefix());
        for (int i = 0; i < reports.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(reports.get(i));
        }
        return sb.append(RECORD_SUFFIX).toString().getBytes(StandardCharsets.UTF_8);
    }

    private long remainingMs() {
        long deadline = hardDeadlineNanos;
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : (deadline - System.nanoTime()) / 1_000_000;
    }

    private boolean pause(long ms) {
        if (remainingMs() <= ms) {
            return false;
        }
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
