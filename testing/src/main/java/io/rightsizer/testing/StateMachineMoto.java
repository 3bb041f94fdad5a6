package io.rightsizer.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@code moto_server} that executes state machines, for the tests that run the ASL for real.
 *
 * <p>Two things differ from a plain {@code moto_server}: its interpreter's task calls (Lambda invocations, DynamoDB)
 * go to {@code localhost:<interpreter port>}, because moto's interpreter sends them to {@code localhost:$MOTO_PORT}
 * (a proxy there can answer Lambda invocations with the real task handlers); and a one-line fix for moto 5.2.1,
 * which deep-copies a state machine with its past executions on {@code StartExecution} and fails on their thread
 * locks, so only the first execution per server would start. Fails loudly when moto is missing.
 *
 * <p>Started with a {@link VirtualClock}, its waits on timestamps ({@code Timestamp}, {@code TimestampPath}) end when
 * that clock reaches them, not the wall clock: a run lets fourteen days pass in a moment, and the ASL waits as written.
 * Waits of seconds ({@code Seconds}, {@code SecondsPath}) still take real seconds.
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
            "import datetime, os",
            "from moto.stepfunctions.parser.asl.component.state.wait.wait_function import timestamp as _ts",
            "_clock_file = os.environ.get('RIGHTSIZER_CLOCK_FILE')",
            "def _virtual_now():",
            "    with open(_clock_file) as f:",
            "        offset = int(f.read().strip() or '0')",
            "    return datetime.datetime.utcnow() + datetime.timedelta(milliseconds=offset)",
            "def _wait_for_virtual_time(self, env):",
            "    self.string.eval(env=env)",
            "    text = env.stack.pop()",
            "    until = self._from_timestamp_string(timestamp=text)",
            "    if until is None:",
            "        raise _ts.FailureEventException(self._create_failure_event(env, text))",
            "    while env.is_running() and _virtual_now() < until:",
            "        env.program_state_event.wait(0.1)",
            "if _clock_file:",
            "    _ts.Timestamp._eval_body = _wait_for_virtual_time",
            "from moto.server import main",
            "main(sys.argv[1:])",
            "");

    private final MotoServer server;
    private final Path launcher;

    private StateMachineMoto(MotoServer server, Path launcher) {
        this.server = server;
        this.launcher = launcher;
    }

    /** A free port for the server itself (start the proxy towards it first). */
    public static int freePort() {
        return FreePort.pick();
    }

    /** Starts moto on {@code port}; its interpreter calls AWS at {@code localhost:interpreterPort}. */
    public static StateMachineMoto start(int port, int interpreterPort) {
        return start(port, interpreterPort, Map.of());
    }

    /** As {@link #start(int, int)}, its timestamp waits following {@code clock}. */
    public static StateMachineMoto start(int port, int interpreterPort, VirtualClock clock) {
        return start(port, interpreterPort, Map.of("RIGHTSIZER_CLOCK_FILE", clock.offsetFile().toString()));
    }

    private static StateMachineMoto start(int port, int interpreterPort, Map<String, String> environment) {
        Path launcher;
        List<String> command;
        try {
            launcher = Files.createTempFile("moto-sfn-", ".py");
            Files.writeString(launcher, LAUNCHER);
            command = List.of(python(), launcher.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port));
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the moto launcher: " + e.getMessage(), e);
        }
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("MOTO_PORT", Integer.toString(interpreterPort));
        // The interpreter compares timestamps with the local time of day: make that UTC, as the ASL's timestamps are.
        env.put("TZ", "UTC");
        MotoServer server = MotoServer.start(command, port, env);
        StateMachineMoto moto = new StateMachineMoto(server, launcher);
        moto.post("/moto-api/config",
                "{\"stepfunctions\":{\"execute_state_machine\":true},\"lambda\":{\"use_docker\":false}}");
        return moto;
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** The last part of the server's log, for failure messages. */
    public String logTail() {
        return server.logTail();
    }

    /** POSTs to moto's own API. */
    public String post(String path, String body) {
        return server.post(path, body);
    }

    /** The Python that runs {@code moto_server} (from its script's first line), or {@code python3}. */
    private static String python() throws IOException {
        String first = Files.readAllLines(Path.of(MotoServer.executable())).stream().findFirst().orElse("");
        return first.startsWith("#!") && !first.contains(" ") ? first.substring(2).trim() : "python3";
    }

    @Override
    public void close() {
        server.close();
        try {
            Files.deleteIfExists(launcher);
        } catch (IOException ignored) {
            // A leftover temp file is harmless.
        }
    }
}
