package io.rightsizer.core.config.testing;

import io.rightsizer.core.testing.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code moto_server} that executes state machines, for the tests that run the ASL for real.
 *
 * <p>Two things differ from a plain {@code moto_server}: its interpreter's task calls (Lambda invocations, DynamoDB)
 * go to {@code localhost:<interpreter port>}, because moto's interpreter sends them to {@code localhost:$MOTO_PORT}
 * (a proxy there can answer Lambda invocations with the real task handlers); and a one-line fix for moto 5.2.1,
 * which deep-copies a state machine with its past executions on {@code StartExecution} and fails on their thread
 * locks, so only the first execution per server would start. Fails loudly when moto is missing.
 */
public final class StateMachineMoto implements AutoCloseable {

    /** Executes the console script's server after removing past executions from the state machine's deep copy. */
    private static final String LAUNCHER = String.join("\n",
            "import copy, sys",
            "import moto.stepfunctions.models as sfn_models",
            "def _copy_without_executions(self, memo):",
            "    clone = self.__class__.__new__(self.__class__)",
            "    memo[id(self)] = clone",
            "    for key, value in self.__dict__.items():",
            "        setattr(clone, key, [] if key == 'executions' else copy.deepcopy(value, memo))",
            "    return clone",
            "sfn_models.StateMachine.__deepcopy__ = _copy_without_executions",
            "from moto.server import main",
            "main(sys.argv[1:])",
            "");

    private final Process process;
    private final URI endpoint;
    private final Path log;
    private final Path launcher;

    private StateMachineMoto(Process process, URI endpoint, Path log, Path launcher) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.launcher = launcher;
    }

    /** A free port for the server itself (start the proxy towards it first). */
    public static int freePort() {
        return FreePort.pick();
    }

    /** Starts moto on {@code port}; its interpreter calls AWS at {@code localhost:interpreterPort}. */
    public static StateMachineMoto start(int port, int interpreterPort) {
        try {
            Path log = Files.createTempFile("moto-sfn-" + port + "-", ".log");
            Path launcher = Files.createTempFile("moto-sfn-", ".py");
            Files.writeString(launcher, LAUNCHER);
            ProcessBuilder pb = new ProcessBuilder(List.of(python(), launcher.toString(), "-H", "127.0.0.1", "-p",
                    Integer.toString(port))).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("MOTO_PORT", Integer.toString(interpreterPort));
            StateMachineMoto moto = new StateMachineMoto(pb.start(), URI.create("http://127.0.0.1:" + port), log,
                    launcher);
            moto.awaitReady();
            moto.post("/moto-api/config",
                    "{\"stepfunctions\":{\"execute_state_machine\":true},\"lambda\":{\"use_docker\":false}}");
            return moto;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start moto (moto[server] 5.2.x must be installed, moto_server on"
                    + " the PATH): " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return endpoint;
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

    /** POSTs to moto's own API. */
    public String post(String path, String body) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve(path))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException("moto " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The Python that runs {@code moto_server} (from its script's first line), or {@code python3}. */
    private static String python() throws IOException {
        String exe = System.getenv("MOTO_SERVER");
        Path script = null;
        if (exe != null && !exe.isBlank()) {
            script = Path.of(exe);
        } else {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
                Path candidate = Path.of(dir, "moto_server");
                if (Files.isExecutable(candidate)) {
                    script = candidate;
                    break;
                }
            }
        }
        if (script == null) {
            throw new IllegalStateException("moto_server is not on the PATH: the state machine tests need"
                    + " moto[server] 5.2.x (set MOTO_SERVER to its path if it is installed elsewhere)");
        }
        String first = Files.readAllLines(script).stream().findFirst().orElse("");
        return first.startsWith("#!") && !first.contains(" ") ? first.substring(2).trim() : "python3";
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto exited at start: " + logTail());
            }
            try {
                if (http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
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
        throw new IllegalStateException("moto did not answer within 30 s: " + logTail());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(log);
            Files.deleteIfExists(launcher);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // leftover temp files are harmless
        }
    }
}
