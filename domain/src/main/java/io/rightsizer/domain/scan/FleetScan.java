package io.rightsizer.domain.scan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link ScanPlan}: its queries, a few at a time, within the account's query concurrency and the scan's byte
 * limit, and gathers what they read per function. Nothing is retried that costs money: a query that fails leaves its
 * functions unread (and says so); only refusals that cost nothing are retried (the account's concurrency limit, a
 * log group deleted since it was listed, a result cut at the row limit).
 */
public final class FleetScan {

    /** Pauses the calling thread (tests pass a short or recording one). */
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Hears how far the scan is. */
    public interface Listener {
        void progress(ScanProgress progress);
    }

    private final ReportQueries queries;
    private final ScanLimits limits;
    private final Listener listener;
    private final Sleeper sleeper;

    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> runningBytes = new ConcurrentHashMap<>();
    private final AtomicLong finishedBytes = new AtomicLong();
    private final AtomicBoolean waitingCapacity = new AtomicBoolean();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger total = new AtomicInteger();

    public FleetScan(ReportQueries queries, ScanLimits limits, Listener listener, Sleeper sleeper) {
        this.queries = Objects.requireNonNull(queries, "queries");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    /** Runs every query of the plan and returns what they read. */
    public ScanResult run(ScanPlan plan) {
        FleetUsage usage = new FleetUsage(plan.functions().values(), plan.window());
        Map<String, String> unread = new ConcurrentSkipListMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(limits.maxConcurrentQueries(), r -> {
            Thread t = new Thread(r, "rightsizer-scan-query");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Outcome> completions = new ExecutorCompletionService<>(pool);
        int pending = 0;
        total.set(plan.batches().size());
        done.set(0);
        int queriesRun = 0;
        long withoutMemory = 0;
        try {
            for (QueryBatch batch : plan.batches()) {
                completions.submit(() -> run(batch, plan.window()));
                pending++;
            }
            report();
            while (pending > 0) {
                Outcome outcome = completions.take().get();
                pending--;
                done.incrementAndGet();
                if (outcome.started()) {
                    queriesRun++;
                }
                if (outcome.progress() != null) {
                    withoutMemory += outcome.progress().withoutMemory();
                    usage.add(outcome.progress().rows());
                }
                if (outcome.failure() != null) {
                    for (String function : usage.functionsOf(outcome.batch().logGroups())) {
                        unread.putIfAbsent(function, outcome.failure());
                    }
                }
                for (QueryBatch next : outcome.followUps()) {
                    completions.submit(() -> run(next, plan.window()));
                    pending++;
                    total.incrementAndGet();
                }
                report();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRunning();
            throw new IllegalStateException("the scan was interrupted", e);
        } catch (ExecutionException e) {
            stopRunning();
            throw new IllegalStateException("a scan query failed unexpectedly: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        unread.keySet().forEach(usage::forget);
        List<UnreadFunction> unreadFunctions = new ArrayList<>();
        unread.forEach((function, reason) -> unreadFunctions.add(new UnreadFunction(function, reason)));
        Map<String, List<Integer>> sizes = new TreeMap<>();
        usage.days().keySet().forEach(f -> sizes.put(f, usage.memorySizes(f)));
        return new ScanResult(usage.days(), sizes, unreadFunctions, scanned(), queriesRun, withoutMemory,
                usage.unattributedReports());
    }

    /** Stops every query still running (for example when the user interrupts the scan): they are billed while they run. */
    public void stopRunning() {
        for (String id : running) {
            try {
                queries.stop(id);
            } catch (RuntimeException e) {
                // Best effort: the query ends by itself at the latest after the service's time limit.
            }
        }
    }

    /** Tells the listener where the scan is (from the scan's thread and the query threads alike). */
    private void report() {
        listener.progress(new ScanProgress(done.get(), total.get(), scanned(), waitingCapacity.get()));
    }

    /** Bytes scanned by finished and running queries. */
    private long scanned() {
        long sum = finishedBytes.get();
        for (long bytes : runningBytes.values()) {
            sum += bytes;
        }
        return sum;
    }

    private Outcome run(QueryBatch batch, ScanWindow window) throws InterruptedException {
        if (scanned() >= limits.maxScanBytes()) {
            return Outcome.failed(batch, false, "not read: the scan reached its limit of "
                    + new ScanCost(limits.maxScanBytes()).gbText() + " (--max-scan-gb)");
        }
        ReportQuery query = new ReportQuery(batch.logGroups(), batch.format(), window.from(), window.to());
        String id;
        try {
            id = startWithinCapacity(query);
        } catch (LogGroupNotFoundException e) {
            if (batch.logGroups().size() > 1) {
                // Costs nothing: find the vanished log group by halving the batch.
                return Outcome.retry(batch, false, batch.split());
            }
            return Outcome.failed(batch, false, "its log group " + batch.logGroups().get(0) + " does not exist any more");
        } catch (CapacityExhausted e) {
            return Outcome.failed(batch, false, e.getMessage());
        } catch (RuntimeException e) {
            return Outcome.failed(batch, false, "the query could not start: " + e.getMessage());
        }
        running.add(id);
        runningBytes.put(id, 0L);
        QueryProgress progress = null;
        boolean overLimit = false;
        try {
            while (true) {
                progress = queries.poll(id);
                runningBytes.put(id, progress.bytesScanned());
                report();
                if (progress.status().isFinal()) {
                    break;
                }
                if (scanned() > limits.maxScanBytes()) {
                    overLimit = true;
                    queries.stop(id);
                    break;
                }
                sleeper.sleep(limits.pollInterval());
            }
        } catch (InterruptedException e) {
            queries.stop(id);
            throw e;
        } catch (RuntimeException e) {
            return Outcome.failed(batch, true, "reading the query's results failed: " + e.getMessage());
        } finally {
            running.remove(id);
            Long bytes = runningBytes.remove(id);
            finishedBytes.addAndGet(bytes == null ? 0 : bytes);
        }
        if (overLimit) {
            return Outcome.failed(batch, true, "stopped: the scan reached its limit of "
                    + new ScanCost(limits.maxScanBytes()).gbText() + " (--max-scan-gb)");
        }
        if (progress.status() != QueryStatus.COMPLETE) {
            return Outcome.failed(batch, true, "the query ended " + progress.status().name().toLowerCase(Locale.ROOT)
                    + (progress.status() == QueryStatus.TIMEOUT ? " (the service stops queries after 60 minutes)" : ""));
        }
        if (progress.resultRows() >= ReportQueries.MAX_ROWS) {
            if (batch.logGroups().size() > 1) {
                // The rows were cut: read the halves again (their bytes are scanned twice, within the limit).
                return Outcome.retry(batch, true, batch.split());
            }
            return Outcome.failed(batch, true, "its log group gives more than " + ReportQueries.MAX_ROWS
                    + " result rows; scan fewer --days");
        }
        return new Outcome(batch, true, progress, null, List.of());
    }

    private String startWithinCapacity(ReportQuery query) throws InterruptedException {
        Duration waited = Duration.ZERO;
        Duration pause = limits.capacityWaitFirst();
        while (true) {
            try {
                String id = queries.start(query);
                waitingCapacity.set(false);
                return id;
            } catch (QueryLimitExceededException e) {
                if (waited.compareTo(limits.capacityWaitBudget()) >= 0) {
                    throw new CapacityExhausted("not read: the account ran as many Logs Insights queries as it may for "
                            + waited.toSeconds() + " s (" + e.getMessage() + ")");
                }
                waitingCapacity.set(true);
                report();
                // Full jitter: scans started together do not come back together.
                long jittered = (long) (pause.toMillis() * (0.5 + ThreadLocalRandom.current().nextDouble() / 2));
                Duration sleep = Duration.ofMillis(Math.max(1, jittered));
                sleeper.sleep(sleep);
                waited = waited.plus(sleep);
                pause = pause.multipliedBy(2).compareTo(limits.capacityWaitMax()) > 0 ? limits.capacityWaitMax()
                        : pause.multipliedBy(2);
            }
        }
    }

    /** The account's query concurrency stayed exhausted for longer than the scan waits. */
    private static final class CapacityExhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CapacityExhausted(String message) {
            super(message);
        }
    }

    /** What one batch came to: rows, a failure, or batches to run instead. */
    private record Outcome(QueryBatch batch, boolean started, QueryProgress progress, String failure,
                           List<QueryBatch> followUps) {

        static Outcome failed(QueryBatch batch, boolean started, String reason) {
            return new Outcome(batch, started, null, reason, List.of());
        }

        static Outcome retry(QueryBatch batch, boolean started, List<QueryBatch> instead) {
            return new Outcome(batch, started, null, null, instead);
        }
    }
}
