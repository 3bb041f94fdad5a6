package io.rightsizer.testing.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A local stand-in for the Lambda Extensions API and Telemetry API (AWS-FACTS sections 1 and 2) that starts a real
 * extension executable as a child process and plays the Lambda lifecycle, no kinder than Lambda:
 * <ul>
 * <li>the extension's environment is the function's minus what Lambda withholds from extensions
 * ({@code AWS_EXECUTION_ENV}, {@code LAMBDA_TASK_ROOT}, {@code _HANDLER});</li>
 * <li>it runs inside a {@link FunctionCgroup} with the CPU share and memory limit of the function size under test,
 * optionally with its files evicted from the page cache first, as in a new sandbox;</li>
 * <li>init must end (every extension waiting on {@code /event/next}) within Lambda's 10 s;</li>
 * <li>the sandbox is frozen (SIGSTOP) as soon as the function's time is up and the extension waits on
 * {@code /event/next}, and thawed (SIGCONT) for the next event;</li>
 * <li>telemetry of invocation N reaches the subscribed listener during N+1, or only at SHUTDOWN;</li>
 * <li>SHUTDOWN carries a deadline (500 ms, 2,000 ms, ...) after which the process is killed;</li>
 * <li>SnapStart-style container credentials ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}) instead of keys in the environment, short-lived;</li>
 * <li>subscriptions are validated as Lambda validates them, and a schema version can be refused (older Lambda).</li>
 * </ul>
 *
 * <p>Lambda resolves {@code sandbox.localdomain} to the sandbox itself; here the emulator delivers to 127.0.0.1 on the
 * subscribed port, and the extension is started with {@code RIGHTSIZER_LISTENER_HOST=127.0.0.1} to bind there.
 */
public final class LambdaRuntimeEmulator implements AutoCloseable {

    /** When telemetry of an invocation reaches the listener. */
    public enum TelemetryTiming {
        /** During the next invocation (after its INVOKE was handed out), or at SHUTDOWN for the last one. */
        NEXT_INVOKE,
        /** Everything is held back and delivered after SHUTDOWN was handed out. */
        AT_SHUTDOWN
    }

    /** What one invocation looked like from the platform's side. */
    public record InvokeResult(String requestId, long invokeToNextNanos) {
    }

    /** How the process ended. */
    public record ShutdownResult(int exitCode, boolean killedAtDeadline, long elapsedMs) {
    }

    /** An interval during which the extension waited on {@code /event/next} (handedOut -1 while still waiting). */
    public record NextWait(long arrivedNanos, long handedOutNanos) {
    }

    /** Lambda's limit on the whole init phase. */
    public static final Duration INIT_LIMIT = Duration.ofSeconds(10);
    /** Variables Lambda sets for the function but withholds from extensions. */
    public static final Set<String> WITHHELD_FROM_EXTENSIONS = Set.of("AWS_EXECUTION_ENV", "LAMBDA_TASK_ROOT", "_HANDLER");
    static final Set<String> SCHEMA_VERSIONS = Set.of("2025-01-29", "2022-12-13", "2022-07-01");
    static final Set<String> TELEMETRY_TYPES = Set.of("platform", "function", "extension");
    public static final String FUNCTION_NAME = "orders-api";
    public static final String ACCOUNT_ID = "123456789012";
    public static final String REGION = "us-east-1";
    public static final String FUNCTION_VERSION = "$LATEST";
    static final String CREDENTIALS_PATH = "/2021-04-23/credentials";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NEXT_PATH = "/2020-01-01/extension/event/next";

    static {
        // Lambda's Runtime API answers without Nagle delays; the JDK server would otherwise hold the body of a
        // response back until the client's delayed ACK (~40 ms), which would swamp every latency measured here.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** How to set up the sandbox; {@link #launch()} starts it. */
    public static final class Builder {
        private final Path executable;
        private final Map<String, String> env = new HashMap<>();
        private TelemetryTiming timing = TelemetryTiming.NEXT_INVOKE;
        private int memoryMb = 1024;
        private boolean coldPageCache;
        private CredentialsIssuer containerCredentials;
        private Duration containerCredentialsValidity;
        private final Set<String> refusedSchemas = new java.util.HashSet<>();
        private int subscribeStatus = 200;
        private String functionVersion = FUNCTION_VERSION;
        private String functionName = FUNCTION_NAME;
        private Clock clock = Clock.systemUTC();
        private boolean confined = true;

        private Builder(Path executable) {
            this.executable = executable;
        }

        /** The function's environment variables (the extension gets them minus what Lambda withholds). */
        public Builder env(Map<String, String> values) {
            env.putAll(values);
            return this;
        }

        public Builder timing(TelemetryTiming value) {
            timing = value;
            return this;
        }

        /** The function's memory size: the cgroup's memory limit and CPU share, and the reports' memorySizeMB. */
        public Builder memoryMb(int value) {
            memoryMb = value;
            return this;
        }

        /** Evicts the layer's files from the page cache before the start, as in a new sandbox. */
        public Builder coldPageCache(boolean value) {
            coldPageCache = value;
            return this;
        }

        /** SnapStart: credentials only from the container credentials endpoint, each valid for {@code validity}. */
        public Builder containerCredentials(CredentialsIssuer issuer, Duration validity) {
            containerCredentials = issuer;
            containerCredentialsValidity = validity;
            return this;
        }

        /** Refuses subscriptions with these schema versions (400 ValidationError), as an older Lambda would. */
        public Builder refuseSchemas(String... versions) {
            refusedSchemas.addAll(List.of(versions));
            return this;
        }

        /** The status every telemetry subscription gets (200 by default). */
        public Builder subscribeStatus(int status) {
            subscribeStatus = status;
            return this;
        }

        /** The version the register response names ({@code $LATEST} by default). */
        public Builder functionVersion(String version) {
            functionVersion = version;
            return this;
        }

        /** The function's name (in the environment, the register response and the invoked ARN). */
        public Builder functionName(String name) {
            functionName = name;
            return this;
        }

        /** The clock that dates the invocations' telemetry (a run that compresses time passes its own). */
        public Builder clock(Clock value) {
            clock = value;
            return this;
        }

        /**
         * Runs the extension without the function's CPU share and memory limit: for runs that measure nothing about
         * the sandbox and must work where cgroups cannot be created (no root).
         */
        public Builder unconfined() {
            confined = false;
            return this;
        }

        public LambdaRuntimeEmulator launch() throws IOException {
            LambdaRuntimeEmulator emulator = new LambdaRuntimeEmulator(this);
            try {
                emulator.start(env);
            } catch (IOException | RuntimeException e) {
                emulator.close();
                throw e;
            }
            return emulator;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "emulator");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient telemetryClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<Long> nextArrivals = new LinkedBlockingQueue<>();
    private final List<NextWait> nextWaits = new CopyOnWriteArrayList<>();
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final List<String> apiErrors = new CopyOnWriteArrayList<>();
    private final List<String> errorReports = new CopyOnWriteArrayList<>();
    private final List<String> subscriptions = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> pendingTelemetry = Collections.synchronizedList(new ArrayList<>());
    private final Path executable;
    private final String executableName;
    private volatile TelemetryTiming timing;
    private final int memoryMb;
    private final boolean coldPageCache;
    private final CredentialsIssuer containerCredentials;
    private final Duration containerCredentialsValidity;
    private final String credentialsToken = UUID.randomUUID().toString();
    private final Set<String> refusedSchemas;
    private final int subscribeStatus;
    private final String functionVersion;
    /** The sandbox's control group, or {@code null} when it runs {@linkplain Builder#unconfined() unconfined}. */
    private final FunctionCgroup cgroup;
    private final String functionName;
    private final Clock clock;
    private volatile String extensionId;
    private volatile String listenerUri;
    private volatile long invokeHandedOutNanos;
    private volatile long processStartNanos;
    private volatile long registeredNanos;
    private volatile long subscribedNanos;
    private volatile boolean sawAcceptAccountId;
    private volatile String registeredName;
    private volatile long cpuNanosBeforeShutdown = -1;
    private Process process;
    private Thread reader;
    private boolean frozen;
    private int invocationCount;

    private LambdaRuntimeEmulator(Builder b) throws IOException {
        this.executable = b.executable;
        this.executableName = b.executable.getFileName().toString();
        this.timing = b.timing;
        this.memoryMb = b.memoryMb;
        this.coldPageCache = b.coldPageCache;
        this.containerCredentials = b.containerCredentials;
        this.containerCredentialsValidity = b.containerCredentialsValidity;
        this.refusedSchemas = Set.copyOf(b.refusedSchemas);
        this.subscribeStatus = b.subscribeStatus;
        this.functionVersion = b.functionVersion;
        this.functionName = b.functionName;
        this.clock = b.clock;
        this.cgroup = b.confined ? FunctionCgroup.create(memoryMb) : null;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 32);
        } catch (IOException e) {
            if (cgroup != null) {
                cgroup.close();
            }
            throw e;
        }
        server.createContext("/2020-01-01/extension/register", this::register);
        server.createContext(NEXT_PATH, this::next);
        server.createContext("/2020-01-01/extension/init/error", ex -> reportError(ex, "init"));
        server.createContext("/2020-01-01/extension/exit/error", ex -> reportError(ex, "exit"));
        server.createContext("/2022-07-01/telemetry", this::subscribe);
        server.createContext(CREDENTIALS_PATH, this::credentials);
        server.createContext("/", ex -> reply(ex, 404, "{\"errorType\":\"NotFound\",\"errorMessage\":\"no such path\"}"));
        server.setExecutor(executor);
        server.start();
    }

    /** Starts setting up a sandbox for {@code executable} (the file Lambda would find in /opt/extensions). */
    public static Builder sandbox(Path executable) {
        return new Builder(executable);
    }

    private void start(Map<String, String> functionEnv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cgroup == null ? List.of(executable.toString())
                : cgroup.wrap(List.of(executable.toString())));
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin:/opt/bin");
        env.put("LANG", "C.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", functionVersion);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memoryMb));
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        if (containerCredentials != null) {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            env.put("AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "http://127.0.0.1:" + server.getAddress().getPort() + CREDENTIALS_PATH);
            env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", credentialsToken);
        } else {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            env.put("AWS_ACCESS_KEY_ID", CredentialsIssuer.ENVIRONMENT.accessKeyId());
            env.put("AWS_SECRET_ACCESS_KEY", CredentialsIssuer.ENVIRONMENT.secretAccessKey());
            env.put("AWS_SESSION_TOKEN", CredentialsIssuer.ENVIRONMENT.sessionToken());
        }
        env.put("RIGHTSIZER_LISTENER_HOST", "127.0.0.1");
        env.putAll(functionEnv);
        env.values().removeIf(v -> v == null);
        // What the function sees but its extensions do not (AWS-FACTS section 1).
        env.keySet().removeAll(WITHHELD_FROM_EXTENSIONS);
        if (containerCredentials != null) {
            env.keySet().removeAll(Set.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"));
        }
        pb.redirectErrorStream(true);
        if (coldPageCache) {
            evictPageCache(executable.toAbsolutePath().getParent().getParent());
        }
        processStartNanos = System.nanoTime();
        process = pb.start();
        reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                output.add("<output closed: " + e + ">");
            }
        }, "extension-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Drops every file below {@code root} from the page cache (they must be clean, i.e. written out), so the
     * extension's start faults its own pages in and the function's memory cgroup is charged for them.
     */
    static void evictPageCache(Path root) throws IOException {
        List<String> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).map(Path::toString).toList();
        }
        for (String file : files) {
            run("sync", file);
            run("dd", "if=" + file, "iflag=nocache", "count=0", "status=none");
        }
    }

    private static void run(String... command) throws IOException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * Waits until the extension registered and waits on /event/next (init done), then freezes the sandbox. Fails,
     * killing the process, when that takes longer than Lambda's 10 s init limit.
     */
    public void awaitInit() throws InterruptedException {
        long left = INIT_LIMIT.toNanos() - (System.nanoTime() - processStartNanos);
        Long arrival = nextArrivals.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
        if (arrival == null) {
            close();
            throw new AssertionError("the extension did not finish init within Lambda's " + INIT_LIMIT.toSeconds()
                    + " s limit (Lambda fails the function's init); output: " + output + " api errors: " + apiErrors);
        }
        freeze();
    }

    /** Runs one invocation with the sandbox's memory size in its report. */
    public InvokeResult invoke(Duration functionTime, int maxMemoryUsedMb) throws InterruptedException {
        return invoke(functionTime, memoryMb, maxMemoryUsedMb);
    }

    /**
     * Runs one invocation: hands INVOKE to the extension, lets the "function" run for {@code functionTime}, waits for
     * the extension to come back to /event/next, then records the invocation's telemetry and freezes the sandbox.
     */
    public InvokeResult invoke(Duration functionTime, int memorySizeMb, int maxMemoryUsedMb)
            throws InterruptedException {
        return invoke(functionTime, memorySizeMb, maxMemoryUsedMb, null);
    }

    /**
     * Runs one invocation that runs out of memory: Lambda reports it as {@code status: error} with
     * {@code errorType: Runtime.OutOfMemory} and the peak at the function's whole size.
     */
    public InvokeResult invokeOutOfMemory(Duration functionTime) throws InterruptedException {
        return invoke(functionTime, memoryMb, memoryMb, "Runtime.OutOfMemory");
    }

    private InvokeResult invoke(Duration functionTime, int memorySizeMb, int maxMemoryUsedMb, String errorType)
            throws InterruptedException {
        String requestId = UUID.randomUUID().toString();
        thaw();
        long start = System.nanoTime();
        Instant startTime = clock.instant();
        long deadlineMs = System.currentTimeMillis() + 30_000;
        ObjectNode event = JSON.createObjectNode()
                .put("eventType", "INVOKE")
                .put("deadlineMs", deadlineMs)
                .put("requestId", requestId)
                .put("invokedFunctionArn", "arn:aws:lambda:" + REGION + ':' + ACCOUNT_ID + ":function:" + functionName);
        event.putObject("tracing").put("type", "X-Amzn-Trace-Id")
                .put("value", "Root=1-5f35ae12-0c0fec141ab77a00bc047aa2;Parent=2be948a625588e32;Sampled=1");
        events.add(event.toString());
        if (timing == TelemetryTiming.NEXT_INVOKE) {
            awaitHandedOut();
            deliverPendingTelemetry();
        }
        long sleepNanos = functionTime.toNanos() - (System.nanoTime() - start);
        if (sleepNanos > 0) {
            TimeUnit.NANOSECONDS.sleep(sleepNanos);
        }
        Long arrival = nextArrivals.poll(10, TimeUnit.SECONDS);
        if (arrival == null) {
            throw new AssertionError("extension did not come back to /event/next; output: " + output);
        }
        long invokeToNext = arrival - invokeHandedOutNanos;
        double durationMs = (System.nanoTime() - start) / 1e6;
        invocationCount++;
        pendingTelemetry.addAll(invocationTelemetry(requestId, startTime, durationMs, memorySizeMb, maxMemoryUsedMb,
                invocationCount == 1, errorType));
        freeze();
        return new InvokeResult(requestId, invokeToNext);
    }

    /** From now on, telemetry not yet delivered is held back as {@code value} says (e.g. until SHUTDOWN). */
    public void switchTiming(TelemetryTiming value) {
        timing = value;
    }

    /** POSTs a raw body to the listener while the sandbox is thawed; returns the listener's status. */
    public int postRawTelemetry(String body) throws InterruptedException {
        boolean wasFrozen = frozen;
        thaw();
        try {
            return post(body);
        } finally {
            if (wasFrozen) {
                freeze();
            }
        }
    }

    /** Hands SHUTDOWN out with {@code budget} left, delivers held telemetry, and kills the process at the deadline. */
    public ShutdownResult shutdown(Duration budget) throws InterruptedException {
        thaw();
        try {
            cpuNanosBeforeShutdown = cgroup == null ? -1 : cgroup.cpuUsageNanos();
        } catch (RuntimeException e) {
            cpuNanosBeforeShutdown = -1;
        }
        long start = System.nanoTime();
        long deadlineMs = System.currentTimeMillis() + budget.toMillis();
        events.add(JSON.createObjectNode().put("eventType", "SHUTDOWN").put("shutdownReason", "spindown")
                .put("deadlineMs", deadlineMs).toString());
        // Lambda flushes the last invocations' telemetry during the shutdown phase.
        awaitHandedOut();
        deliverPendingTelemetry();
        boolean exited = process.waitFor(Math.max(0, deadlineMs - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        if (!exited) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        // Every line the process wrote before it ended, its last ones included.
        reader.join(5000);
        return new ShutdownResult(process.exitValue(), !exited, elapsedMs);
    }

    /** Everything the extension printed so far (stdout and stderr). */
    public List<String> output() {
        return List.copyOf(output);
    }

    /** Requests the emulator rejected (what a real Lambda would have refused). */
    public List<String> apiErrors() {
        return List.copyOf(apiErrors);
    }

    /** Bodies of /init/error and /exit/error calls. */
    public List<String> errorReports() {
        return List.copyOf(errorReports);
    }

    /** The bodies of every telemetry subscription request, accepted or not. */
    public List<String> subscriptions() {
        return List.copyOf(subscriptions);
    }

    /** When the extension waited on /event/next. */
    public List<NextWait> nextWaits() {
        return List.copyOf(nextWaits);
    }

    public long pid() {
        return process.pid();
    }

    public String listenerUri() {
        return listenerUri;
    }

    public boolean sawAcceptAccountId() {
        return sawAcceptAccountId;
    }

    /** The Lambda-Extension-Name the extension registered with. */
    public String registeredName() {
        return registeredName;
    }

    /** The sandbox's control group; fails for an {@linkplain Builder#unconfined() unconfined} sandbox. */
    public FunctionCgroup cgroup() {
        if (cgroup == null) {
            throw new IllegalStateException("this sandbox runs unconfined: it has no control group");
        }
        return cgroup;
    }

    /** The function memory cgroup's high-water mark so far (the extension and the page cache it faulted in). */
    public long memoryPeakBytes() {
        return cgroup().memoryPeakBytes();
    }

    /** CPU time the extension used until SHUTDOWN was handed out (-1 before that). */
    public long cpuNanosBeforeShutdown() {
        return cpuNanosBeforeShutdown;
    }

    /** From process start to the accepted telemetry subscription (or registration if it never subscribed). */
    public long startToSubscribedNanos() {
        long end = subscribedNanos != 0 ? subscribedNanos : registeredNanos;
        return end == 0 ? -1 : end - processStartNanos;
    }

    /** Thaws the sandbox (e.g. to read memory figures); the next invoke or shutdown thaws it anyway. */
    public void thaw() throws InterruptedException {
        if (frozen) {
            signal("CONT");
            frozen = false;
        }
    }

    private void freeze() throws InterruptedException {
        if (process.isAlive()) {
            signal("STOP");
            frozen = true;
        }
    }

    private void signal(String name) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal the extension", e);
        }
    }

    private List<ObjectNode> invocationTelemetry(String requestId, Instant start, double durationMs, int memorySize,
                                                 int maxUsed, boolean coldStart, String errorType) {
        List<ObjectNode> out = new ArrayList<>();
        ObjectNode startEvent = event(start, "platform.start");
        startEvent.putObject("record").put("requestId", requestId).put("version", functionVersion);
        out.add(startEvent);
        ObjectNode runtimeDone = event(start.plusMillis((long) durationMs), "platform.runtimeDone");
        ObjectNode rd = runtimeDone.putObject("record").put("requestId", requestId)
                .put("status", errorType == null ? "success" : "error");
        rd.putObject("metrics").put("durationMs", round(durationMs)).put("producedBytes", 42);
        out.add(runtimeDone);
        ObjectNode report = reportEvent(start.plusMillis((long) durationMs + 1), requestId, durationMs, memorySize,
                maxUsed, coldStart);
        if (errorType != null) {
            ((ObjectNode) report.get("record")).put("status", "error").put("errorType", errorType);
        }
        out.add(report);
        return out;
    }

    /** A {@code platform.report} as Lambda writes it. */
    public static ObjectNode reportEvent(Instant time, String requestId, double durationMs, int memorySize,
                                         int maxUsed, boolean coldStart) {
        ObjectNode report = event(time, "platform.report");
        ObjectNode record = report.putObject("record").put("requestId", requestId).put("status", "success");
        ObjectNode metrics = record.putObject("metrics")
                .put("durationMs", round(durationMs))
                .put("billedDurationMs", (long) Math.ceil(durationMs))
                .put("memorySizeMB", memorySize)
                .put("maxMemoryUsedMB", maxUsed);
        if (coldStart) {
            metrics.put("initDurationMs", 231.57);
        }
        record.putObject("tracing").put("spanId", "0a1b2c3d4e5f6a7b").put("type", "X-Amzn-Trace-Id")
                .put("value", "Root=1-5f35ae12-0c0fec141ab77a00bc047aa2;Parent=2be948a625588e32;Sampled=1");
        return report;
    }

    static ObjectNode event(Instant time, String type) {
        return JSON.createObjectNode().put("time", time.toString()).put("type", type);
    }

    private static double round(double ms) {
        return Math.round(ms * 100) / 100.0;
    }

    /** Polls until the extension has taken the queued event (it is waiting on /event/next when thawed). */
    private void awaitHandedOut() throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!events.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(0, 200_000);
        }
    }

    private void deliverPendingTelemetry() throws InterruptedException {
        List<ObjectNode> batch;
        synchronized (pendingTelemetry) {
            batch = new ArrayList<>(pendingTelemetry);
            pendingTelemetry.clear();
        }
        if (batch.isEmpty() || listenerUri == null) {
            return;
        }
        ArrayNode array = JSON.createArrayNode();
        batch.forEach(array::add);
        int status = post(array.toString());
        if (status < 200 || status > 299) {
            throw new AssertionError("listener answered " + status);
        }
    }

    private int post(String body) throws InterruptedException {
        if (listenerUri == null) {
            throw new IllegalStateException("the extension did not subscribe");
        }
        URI subscribed = URI.create(listenerUri);
        // The sandbox's name resolves to the sandbox itself; here that is the loopback interface.
        URI target = URI.create("http://127.0.0.1:" + subscribed.getPort() + subscribed.getRawPath());
        try {
            return telemetryClient.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new AssertionError("telemetry delivery failed: " + e, e);
        }
    }

    private void register(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            reject(ex, 405, "InvalidRequest", "register takes POST");
            return;
        }
        String name = ex.getRequestHeaders().getFirst("Lambda-Extension-Name");
        registeredName = name;
        if (!executableName.equals(name)) {
            reject(ex, 403, "Extension.InvalidExtensionName",
                    "Lambda-Extension-Name '" + name + "' is not the executable's name '" + executableName + "'");
            return;
        }
        if (extensionId != null) {
            reject(ex, 403, "Extension.AlreadyRegistered", "already registered");
            return;
        }
        JsonNode body = readJson(ex);
        if (body == null || !body.path("events").isArray()) {
            reject(ex, 400, "InvalidRequest", "body must be {\"events\":[...]}");
            return;
        }
        for (JsonNode e : body.get("events")) {
            if (!Set.of("INVOKE", "SHUTDOWN").contains(e.asText())) {
                reject(ex, 400, "InvalidRequest", "unknown event " + e);
                return;
            }
        }
        String feature = ex.getRequestHeaders().getFirst("Lambda-Extension-Accept-Feature");
        sawAcceptAccountId = feature != null && feature.contains("accountId");
        ObjectNode out = JSON.createObjectNode().put("functionName", functionName)
                .put("functionVersion", functionVersion).put("handler", "app.handler");
        if (sawAcceptAccountId) {
            out.put("accountId", ACCOUNT_ID);
        }
        extensionId = UUID.randomUUID().toString();
        registeredNanos = System.nanoTime();
        ex.getResponseHeaders().add("Lambda-Extension-Identifier", extensionId);
        reply(ex, 200, out.toString());
    }

    private void next(HttpExchange ex) throws IOException {
        long arrival = System.nanoTime();
        if (!"GET".equals(ex.getRequestMethod())) {
            reject(ex, 405, "InvalidRequest", "event/next takes GET");
            return;
        }
        if (!identified(ex)) {
            return;
        }
        NextWait waiting = new NextWait(arrival, -1);
        nextWaits.add(waiting);
        nextArrivals.add(arrival);
        String event;
        try {
            event = events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.getResponseHeaders().add("Lambda-Extension-Event-Identifier", UUID.randomUUID().toString());
        invokeHandedOutNanos = System.nanoTime();
        nextWaits.set(nextWaits.indexOf(waiting), new NextWait(arrival, invokeHandedOutNanos));
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void subscribe(HttpExchange ex) throws IOException {
        if (!"PUT".equals(ex.getRequestMethod())) {
            reject(ex, 405, "InvalidRequest", "telemetry subscription takes PUT");
            return;
        }
        if (!identified(ex)) {
            return;
        }
        JsonNode body = readJson(ex);
        subscriptions.add(String.valueOf(body));
        String problem = validateSubscription(body);
        if (problem == null && refusedSchemas.contains(body.path("schemaVersion").asText())) {
            problem = "schemaVersion " + body.path("schemaVersion").asText() + " is not supported";
        }
        if (problem != null) {
            reject(ex, 400, "ValidationError", problem);
            return;
        }
        if (subscribeStatus != 200) {
            reject(ex, subscribeStatus, subscribeStatus >= 500 ? "ServiceException" : "AccessDeniedException",
                    "subscription refused by the test");
            return;
        }
        listenerUri = body.path("destination").path("URI").asText();
        subscribedNanos = System.nanoTime();
        reply(ex, 200, "\"OK\"");
    }

    static String validateSubscription(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "body must be a JSON object";
        }
        if (!SCHEMA_VERSIONS.contains(body.path("schemaVersion").asText())) {
            return "unsupported schemaVersion " + body.path("schemaVersion");
        }
        JsonNode types = body.path("types");
        if (!types.isArray() || types.isEmpty()) {
            return "types must be a non-empty array";
        }
        for (JsonNode t : types) {
            if (!TELEMETRY_TYPES.contains(t.asText())) {
                return "unknown type " + t;
            }
        }
        JsonNode buffering = body.path("buffering");
        if (!buffering.isMissingNode()) {
            String range = range(buffering, "maxItems", 1000, 10000);
            range = range != null ? range : range(buffering, "maxBytes", 262144, 1048576);
            range = range != null ? range : range(buffering, "timeoutMs", 25, 30000);
            if (range != null) {
                return range;
            }
        }
        JsonNode destination = body.path("destination");
        if (!"HTTP".equals(destination.path("protocol").asText())) {
            return "destination.protocol must be HTTP";
        }
        URI uri;
        try {
            uri = URI.create(destination.path("URI").asText());
        } catch (IllegalArgumentException e) {
            return "destination.URI is not a URI";
        }
        if (!"http".equals(uri.getScheme())) {
            return "destination.URI must use http";
        }
        if (!"sandbox.localdomain".equals(uri.getHost()) && !"sandbox".equals(uri.getHost())) {
            return "destination.URI host must be sandbox.localdomain";
        }
        if (uri.getPort() <= 0 || uri.getPort() == 9001) {
            return "destination.URI needs a port other than 9001";
        }
        return null;
    }

    private static String range(JsonNode buffering, String field, long min, long max) {
        JsonNode v = buffering.path(field);
        if (v.isMissingNode()) {
            return null;
        }
        if (!v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            return "buffering." + field + " must be in " + min + ".." + max;
        }
        return null;
    }

    /** The container credentials endpoint (SnapStart): needs the authorization token, hands out short-lived keys. */
    private void credentials(HttpExchange ex) throws IOException {
        if (containerCredentials == null) {
            reply(ex, 404, "{\"message\":\"no container credentials in this sandbox\"}");
            return;
        }
        if (!"GET".equals(ex.getRequestMethod())
                || !credentialsToken.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            apiErrors.add(ex.getRequestMethod() + ' ' + ex.getRequestURI() + " -> 403 bad authorization token");
            reply(ex, 403, "{\"message\":\"Authorization token is missing or invalid\"}");
            return;
        }
        CredentialsIssuer.Issued issued = containerCredentials.issueTemporary(containerCredentialsValidity);
        ObjectNode body = JSON.createObjectNode()
                .put("AccessKeyId", issued.accessKeyId())
                .put("SecretAccessKey", issued.secretAccessKey())
                .put("Token", issued.sessionToken())
                .put("Expiration", issued.expiration().toString());
        reply(ex, 200, body.toString());
    }

    private void reportError(HttpExchange ex, String phase) throws IOException {
        if (!identified(ex)) {
            return;
        }
        String type = ex.getRequestHeaders().getFirst("Lambda-Extension-Function-Error-Type");
        JsonNode body = readJson(ex);
        if (type == null || body == null || !body.has("errorMessage") || !body.has("errorType")) {
            reject(ex, 400, "InvalidRequest", "error reports need the error-type header and a body");
            return;
        }
        errorReports.add(phase + ' ' + type + ' ' + body);
        reply(ex, 202, "{\"status\":\"OK\"}");
    }

    private boolean identified(HttpExchange ex) throws IOException {
        String id = ex.getRequestHeaders().getFirst("Lambda-Extension-Identifier");
        if (id == null || !id.equals(extensionId)) {
            reject(ex, 403, "Extension.UnknownExtensionIdentifier", "missing or unknown Lambda-Extension-Identifier");
            return false;
        }
        return true;
    }

    private JsonNode readJson(HttpExchange ex) {
        try {
            return JSON.readTree(ex.getRequestBody());
        } catch (IOException e) {
            return null;
        }
    }

    private void reject(HttpExchange ex, int status, String type, String message) throws IOException {
        apiErrors.add(ex.getRequestMethod() + ' ' + ex.getRequestURI() + " -> " + status + ' ' + type + ": " + message);
        ObjectNode body = JSON.createObjectNode().put("errorType", type).put("errorMessage", message);
        reply(ex, status, body.toString());
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Counters from the extension's SHUTDOWN line ({@code counters key=value ...}). */
    public Map<String, Long> counters() {
        for (int i = output.size() - 1; i >= 0; i--) {
            String line = output.get(i);
            int at = line.indexOf("counters ");
            if (at >= 0) {
                Map<String, Long> out = new LinkedHashMap<>();
                for (String pair : line.substring(at + "counters ".length()).split(" ")) {
                    String[] kv = pair.split("=", 2);
                    if (kv.length == 2) {
                        try {
                            out.put(kv[0], Long.parseLong(kv[1]));
                        } catch (NumberFormatException e) {
                            // Not a counter.
                        }
                    }
                }
                return out;
            }
        }
        throw new AssertionError("no counters line in output: " + output);
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                thaw();
            } catch (InterruptedException | RuntimeException e) {
                // The kill below does not need a thawed process.
            }
            process.destroyForcibly();
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        server.stop(0);
        executor.shutdownNow();
        if (cgroup != null) {
            cgroup.close();
        }
    }
}
