package io.rightsizer.cli;

import io.rightsizer.cli.analyze.AnalyzeCommand;
import io.rightsizer.cli.aws.AwsFailures;
import io.rightsizer.cli.backtest.BacktestCommand;
import io.rightsizer.cli.command.CliException;
import io.rightsizer.cli.command.ExitCode;
import io.rightsizer.cli.command.Version;
import io.rightsizer.cli.operate.RestartCommand;
import io.rightsizer.cli.operate.StatusCommand;
import io.rightsizer.cli.scan.ScanCommand;
import io.rightsizer.cli.scan.ScanEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;

/** The {@code rightsizer} command: its subcommands, exit codes and the one-line error style they share. */
@Command(name = "rightsizer",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Sets the memory of AWS Lambda functions from the memory they really use.",
        subcommands = {AnalyzeCommand.class, ScanCommand.class, BacktestCommand.class,
                io.rightsizer.cli.operate.StatusCommand.class,
                io.rightsizer.cli.operate.ExecutionsCommand.class, io.rightsizer.cli.operate.RestartCommand.class,
                io.rightsizer.cli.operate.RedriveCommand.class, io.rightsizer.cli.operate.ReplayCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 ok, 1 runtime error (for example an unreadable input), 2 usage error, 3 partial result",
                "(scan: some functions could not be read), 4 AWS refused the caller (no credentials, access denied),",
                "5 analyze found no usage report."})
public final class RightsizerCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = newCommandLine(System.in, out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * The command line with its streams: tests pass their own to run the command in-process.
     *
     * @param stdin what {@code -} reads
     */
    public static CommandLine newCommandLine(InputStream stdin, PrintWriter out, PrintWriter err) {
        return newCommandLine(stdin, out, err, ScanEnvironment.system());
    }

    /**
     * The command line with its streams and what {@code scan} takes from its surroundings (tests pass a fixed clock
     * and short pauses).
     */
    public static CommandLine newCommandLine(InputStream stdin, PrintWriter out, PrintWriter err,
                                             ScanEnvironment scanEnvironment) {
        return newCommandLine(stdin, out, err, scanEnvironment, Clock.systemUTC());
    }

    /**
     * The command line with its streams, what {@code scan} takes from its surroundings, and the clock the operator
     * commands read "now" from (a local run that compresses time passes its own, so that {@code restart} ends a window
     * at that run's now).
     */
    public static CommandLine newCommandLine(InputStream stdin, PrintWriter out, PrintWriter err,
                                             ScanEnvironment scanEnvironment, Clock operatorClock) {
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == AnalyzeCommand.class) {
                    return type.cast(new AnalyzeCommand(stdin));
                }
                if (type == ScanCommand.class) {
                    return type.cast(new ScanCommand(scanEnvironment));
                }
                if (type == RestartCommand.class) {
                    return type.cast(new RestartCommand(operatorClock));
                }
                if (type == StatusCommand.class) {
                    return type.cast(new StatusCommand(operatorClock));
                }
                if (type == BacktestCommand.class) {
                    return type.cast(new BacktestCommand(stdin));
                }
                return defaults.create(type);
            }
        };
        CommandLine cli = new CommandLine(new RightsizerCommand(), factory);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExitCodeExceptionMapper(e -> e instanceof CommandLine.ParameterException ? ExitCode.USAGE
                : e instanceof CliException c ? c.exitCode() : ExitCode.RUNTIME_ERROR);
        cli.setParameterExceptionHandler(RightsizerCommand::onUsageError);
        cli.setExecutionExceptionHandler(RightsizerCommand::onRuntimeError);
        cli.setExecutionStrategy(RightsizerCommand::execute);
        return cli;
    }

    /**
     * picocli answers {@code --help} or {@code --version} before it complains about an argument it did not match,
     * so {@code rightsizer frobnicate --help} printed the help and succeeded: a script could not tell a missing
     * command from a working one. An unmatched argument is an error whatever follows it.
     */
    private static int execute(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) {
                throw new CommandLine.UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    /** Without a subcommand there is nothing to do: show the usage and fail as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    private static int onUsageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        String help = cmd.getCommandSpec().qualifiedName() + " --help";
        String hint = "";
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()
                && !unmatched.getUnmatched().isEmpty()) {
            String typed = unmatched.getUnmatched().get(0);
            // picocli's suggestions are not ordered by likeness: offer the closest one.
            String closest = unmatched.getSuggestions().stream()
                    .min(java.util.Comparator.comparingInt((String s) -> editDistance(typed, s)))
                    .orElseThrow();
            hint = " (did you mean " + closest + "?)";
        }
        cmd.getErr().println("rightsizer: " + lowerFirst(e.getMessage()) + hint + " (see '" + help + "')");
        cmd.getErr().flush();
        return ExitCode.USAGE;
    }

    private static int onRuntimeError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        CliException failure = e instanceof CliException known ? known : AwsFailures.translate(e).orElse(null);
        if (failure != null) {
            err.println("rightsizer: " + failure.getMessage());
            err.flush();
            return failure.exitCode();
        }
        // An unexpected failure is a bug: one line by default, the stack trace when asked for.
        err.println("rightsizer: internal error: " + e + " (set RIGHTSIZER_DEBUG=1 for the stack trace)");
        if (System.getenv("RIGHTSIZER_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCode.RUNTIME_ERROR;
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String lowerFirst(String message) {
        if (message == null || message.isEmpty()) {
            return "invalid command line";
        }
        // picocli's messages start with a capital ("Unknown option: ..."); ours read as one sentence after the prefix.
        if (message.length() > 1 && Character.isUpperCase(message.charAt(0)) && Character.isLowerCase(message.charAt(1))) {
            return Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        return message;
    }
}
