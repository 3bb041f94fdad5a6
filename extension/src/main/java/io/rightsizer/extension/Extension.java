package io.rightsizer.extension;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;

/**
 * The extension's life: register, subscribe, then answer INVOKE and SHUTDOWN. Every fault of its own turns it
 * into a no-op that keeps answering events, because a failing extension would fail the function.
 */
final class Extension {

    private static final int PENDING_LIMIT = 64;
    private static final int KINESIS_CALL_TIMEOUT_MS = 2000;

    private final Settings settings;
    private final RuntimeApi api;
    private final Counters counters = new Counters();
    private final LinkedHashSet<String> awaitingReport = new LinkedHashSet<>();
    private TelemetryParser parser;
    private ReportBuffer buffer;
    private volatile Shipper shipper;
    private Envelope envelope;
    private int flushThreshold;
    private long lastFlushNanos;
    private long invokeReceivedNanos;
    private boolean flushDue;
    private final Runnable afterNext = this::afterNextRequest;

    Extension(Settings settings) {
        this.settings = settings;
        this.api = new RuntimeApi(settings.runtimeApi());
    }

    /** Runs until SHUTDOWN; returns the process exit code. */
    int run() {
        RuntimeApi.Registration registration;
        try {
            registration = api.register(Settings.NAME);
        } catch (IOException | RuntimeException e) {
            // Without an identifier there is nobody to report to; Lambda notices the exit.
            Log.info("register failed, exiting: " + e);
            return 1;
        }
        try {
            startShipping(registration);
        } catch (IOException | RuntimeException e) {
            Log.info("telemetry unavailable, running as a no-op: " + e);
            shipper = null;
        }
        return loop();
    }

    private void startShipping(RuntimeApi.Registration registration) throws IOException {
        String disabled = settings.disabledReason();
        if (disabled != null) {
            Log.info(disabled + ": running as a no-op (the function is not affected)");
            return;
        }
        String functionName = registration.functionName() != null ? registration.functionName()
                : settings.functionName();
        if (functionName == null) {
            Log.info("function name unknown: running as a no-op");
            return;
        }
        envelope = new Envelope(functionName, settings.region(), registration.accountId());
        buffer = new ReportBuffer(settings.bufferCapacity(), counters);
        flushThreshold = Math.max(1, Math.min(Shipper.REPORTS_PER_CALL, settings.bufferCapacity() / 2));
        parser = new TelemetryParser(counters);
        KinesisClient kinesis = new KinesisClient(settings.kinesisEndpoint(), settings.stream(),
                settings.signingRegion(), settings.credentials());
        Shipper s = new Shipper(buffer, kinesis, envelope, counters, settings.maxRecordBytes(),
                KINESIS_CALL_TIMEOUT_MS);
        TelemetryListener listener = TelemetryListener.start(settings.listenerHost(), settings.listenerPort(),
                this::onTelemetry, counters);
        // Lambda only delivers to sandbox.localdomain, whatever address the listener is bound to.
        api.subscribeTelemetry("http://sandbox.localdomain:" + listener.port() + "/telemetry");
        s.start();
        shipper = s;
        Log.info("registered and subscribed: function=" + functionName + " stream=" + settings.stream());
    }

    private int loop() {
        int failures = 0;
        while (true) {
            Map<?, ?> event;
            try {
                event = api.next(afterNext);
                failures = 0;
            } catch (IOException | RuntimeException e) {
                if (++failures >= 3) {
                    Log.info("event/next keeps failing, exiting: " + e);
                    api.exitError("NextFailed", String.valueOf(e));
                    return 1;
                }
                continue;
            }
            String type = event.get("eventType") instanceof String t ? t.toUpperCase(Locale.ROOT) : "";
            if ("SHUTDOWN".equals(type)) {
                onShutdown(event);
                return 0;
            }
            if ("INVOKE".equals(type)) {
                invokeReceivedNanos = System.nanoTime();
                try {
                    onInvoke(event);
                } catch (RuntimeException e) {
                    Log.once("invoke-fault", "INVOKE handling failed (ignored): " + e);
                }
            }
        }
    }

    private void onInvoke(Map<?, ?> event) {
        if (shipper == null) {
            return;
        }
        if (envelope.accountId() == null && event.get("invokedFunctionArn") instanceof String arn) {
            envelope.learnAccount(Envelope.accountOf(arn));
        }
        if (event.get("requestId") instanceof String requestId) {
            synchronized (awaitingReport) {
                awaitingReport.add(requestId);
                if (awaitingReport.size() > PENDING_LIMIT) {
                    Iterator<String> oldest = awaitingReport.iterator();
                    oldest.next();
                    oldest.remove();
                }
            }
        }
        long now = System.nanoTime();
        if (buffer.size() > 0 && (now - lastFlushNanos) / 1_000_000 >= settings.minFlushIntervalMs()) {
            lastFlushNanos = now;
            flushDue = true;
        }
    }

    /** Runs once the /event/next request is on the wire, so nothing delays it. */
    private void afterNextRequest() {
        if (invokeReceivedNanos != 0) {
            counters.invokeToNext(System.nanoTime() - invokeReceivedNanos);
            invokeReceivedNanos = 0;
        }
        if (flushDue) {
            flushDue = false;
            // Asynchronous: the shipper works while the function runs (the sandbox is not frozen before the
            // runtime also waits on /next).
            shipper.kick();
        }
    }

    private void onTelemetry(String body) {
        TelemetryParser.Batch batch = parser.parse(body);
        int size = 0;
        for (Report report : batch.reports()) {
            size = buffer.add(report.toJson());
            counters.received.incrementAndGet();
        }
        if (!batch.reportedRequestIds().isEmpty()) {
            synchronized (awaitingReport) {
                awaitingReport.removeAll(batch.reportedRequestIds());
                awaitingReport.notifyAll();
            }
        }
        Shipper s = shipper;
        if (size >= flushThreshold && s != null) {
            s.kick();
        }
    }

    private void onShutdown(Map<?, ?> event) {
        String reason = event.get("shutdownReason") instanceof String r ? r.toLowerCase(Locale.ROOT) : "unknown";
        long nowMs = System.currentTimeMillis();
        long deadlineMs = event.get("deadlineMs") instanceof Number d ? d.longValue() : nowMs + 2000;
        long remaining = Math.max(0, deadlineMs - nowMs);
        long start = System.nanoTime();
        if (shipper != null) {
            // Lambda flushes the last invocations' telemetry during SHUTDOWN: wait for it, keeping time to ship.
            long telemetryUntil = start + (remaining - Math.min(700, remaining * 6 / 10)) * 1_000_000;
            long shipUntil = start + (remaining - Math.min(150, remaining / 5)) * 1_000_000;
            awaitReports(telemetryUntil);
            int unsent = shipper.flushAndWait(shipUntil);
            if (unsent > 0) {
                Log.info("SHUTDOWN deadline reached with " + unsent + " reports unsent");
            }
        }
        Log.info("shutdown (" + reason + ") after " + (System.nanoTime() - start) / 1_000_000 + " ms of "
                + remaining + " ms " + counters.line());
    }

    private void awaitReports(long untilNanos) {
        synchronized (awaitingReport) {
            try {
                while (!awaitingReport.isEmpty()) {
                    long waitMs = (untilNanos - System.nanoTime()) / 1_000_000;
                    if (waitMs <= 0) {
                        return;
                    }
                    awaitingReport.wait(waitMs);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
