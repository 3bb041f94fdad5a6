package io.rightsizer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code moto_server} process on a free loopback port: the local stand-in for the Lambda, Step Functions,
 * Kinesis and CloudWatch Logs APIs.
 *
 * <p>Fails loudly when {@code moto_server} is not installed: tests that need it must not pass without it.
 */
public final class MotoServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoServer(Process process, URI endpoint, Path log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    /** Starts moto on a free port and waits until it answers. */
    public static MotoServer start() {
        int port = FreePort.pick();
        return start(List.of(executable(), "-H", "127.0.0.1", "-p", Integer.toString(port)), port, Map.of());
    }

    /**
     * Starts moto from an explicit command line (for example a Python launcher that patches moto before running its
     * server) listening on {@code port}, with extra environment variables, and waits until it answers.
     */
    public static MotoServer start(List<String> command, int port, Map<String, String> environment) {
        Path log;
        Process process;
        try {
            log = Files.createTempFile("moto-" + port + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto_server (is moto[server] 5.2.x installed and"
                    + " moto_server on the PATH?): " + e.getMessage(), e);
        }
        MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
        server.awaitReady();
        return server;
    }

    /** The endpoint to point SDK clients at ({@code endpointOverride}). */
    public URI endpoint() {
        return endpoint;
    }

    /** Forgets every resource (streams, tables, state machines, functions) created so far. */
    public void reset() {
        post("/moto-api/reset", "");
    }

    /** Sets moto's behaviour, for example {@code {"stepfunctions":{"execute_state_machine":true}}}. */
    public String configure(String json) {
        return post("/moto-api/config", json);
    }

    /**
     * Queues results for moto's simple Lambda invocations (used by state machine Lambda tasks): each invocation takes
     * the next queued result in order.
     *
     * @param json {@code {"results":[...],"region":"us-east-1"}}
     */
    public String queueLambdaResults(String json) {
        return post("/moto-api/static/lambda-simple/response", json);
    }

    /** Sends a raw POST to moto's own API (paths under {@code /moto-api/}). */
    public String post(String path, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve(path))
                            .timeout(Duration.ofSeconds(10))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("moto " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("moto " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // A leftover temp log is harmless.
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited at start with " + process.exitValue()
                        + ": " + logTail());
            }
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (ConnectException e) {
                // Not listening yet.
            } catch (IOException e) {
                // Starting up; try again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + START_TIMEOUT + ": " + logTail());
    }

    /** The last part of the server's log, for failure messages. */
    public String logTail() {
        try {
            String text = Files.readString(log);
            return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** The {@code moto_server} script: {@code $MOTO_SERVER}, or the first on the {@code PATH}; fails loudly if none. */
    public static String executable() {
        String fromEnv = System.getenv("MOTO_SERVER");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "moto_server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("moto_server is not on the PATH: the tests need moto[server] 5.2.x"
                + " (set MOTO_SERVER to its path if it is installed elsewhere)");
    }
}
