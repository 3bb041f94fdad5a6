package io.rightsizer.cli.backtest;

import io.rightsizer.cli.analyze.AnalyzeCommand;
import io.rightsizer.cli.analyze.LogInputs;
import io.rightsizer.cli.analyze.OutputFormat;
import io.rightsizer.cli.command.CliException;
import io.rightsizer.cli.command.ExitCode;
import io.rightsizer.cli.command.PolicyOptions;
import io.rightsizer.cli.command.Version;
import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.policy.SizingPolicy;
import io.rightsizer.logs.ParseStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rightsizer backtest}: replays a user's own logs through the policy, deciding from each window and scoring the
 * decision against the next, so the policy can be checked on one's history before anything is deployed.
 */
@Command(name = "backtest",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Checks the sizing policy on your own history before you deploy anything. The logs are cut into windows "
                    + "of --window-days from their first day; each function's memory is decided from each window "
                    + "exactly as analyze would decide it from that window alone, and the decision is scored against "
                    + "the invocations of the next window: how many would have run out of memory at the recommended "
                    + "size, and the billed GB-seconds and dollars it would have saved, window after window.",
            "",
            "Inputs are read like analyze's (every format it reads, gzip too, '-' for standard input); reports "
                    + "without a time fall in no window and are skipped (counted as 'undated').",
            ""},
        footer = {"",
            "Savings compare the recommended size with the sizes that ran in the next window, at us-east-1 on-demand "
                    + "prices, assuming durations stay the same. An invocation that ran out of memory at a smaller "
                    + "size than the recommended one is counted as unknown ('+N?').",
            "Exit codes: 0 ok, 1 an input could not be read or the logs span no more than one window, 2 usage error."})
public final class BacktestCommand implements Callable<Integer> {

    /** A Standard execution lives at most a year: no window is longer. */
    private static final int MAX_WINDOW_DAYS = 365;

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Log files spanning more than one window (plain or gzip); '-' reads standard input.")
    private List<String> inputs;

    @Option(names = "--window-days", paramLabel = "DAYS", defaultValue = "14",
            description = "Days per window, as the deployment's windowDays (default: ${DEFAULT-VALUE}).")
    private int windowDays;

    @Option(names = "--function", paramLabel = "NAME",
            description = "Function name for records that do not name their own function "
                    + "(default: each file's base name; for '-', such records are skipped).")
    private String function;

    @Option(names = {"-v", "--verbose"},
            description = "List every kind of record skipped (START, END, application output, ...), not only the ones"
                    + " worth a look (malformed, no function, undated, ...).")
    private boolean verbose;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            converter = AnalyzeCommand.FormatConverter.class,
            description = "Output: table, json or csv (default: ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "x86_64",
            converter = AnalyzeCommand.ArchitectureConverter.class,
            description = "Architecture the savings are priced at: x86_64 or arm64 (default: ${DEFAULT-VALUE}).")
    private Architecture architecture;

    @Mixin
    private PolicyOptions policy;

    private final InputStream stdin;

    /** A command reading {@code -} from {@code stdin}. */
    public BacktestCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        if (windowDays < 1 || windowDays > MAX_WINDOW_DAYS) {
            throw CliException.usage("--window-days must be between 1 and " + MAX_WINDOW_DAYS + ", got " + windowDays
                    + " (see 'rightsizer backtest --help')");
        }
        PolicySettings settings = settings();
        LogInputs sources = LogInputs.of(inputs, function, stdin);

        UsageHistory history = new UsageHistory();
        PrintWriter err = spec.commandLine().getErr();
        ParseStats stats = sources.read(history, err);
        err.flush();
        Map<String, Long> skipped = new HashMap<>(stats.skipped());
        if (history.undated() > 0) {
            skipped.put("undated", history.undated());
        }

        BacktestReport report = new Backtest(new SizingPolicy(settings, new CostModel(architecture)), architecture,
                windowDays).run(history, skipped);
        PrintWriter out = spec.commandLine().getOut();
        BacktestRenderers.render(format, report, out, verbose);
        out.flush();
        return ExitCode.OK;
    }

    /**
     * The policy's settings; without --projection-days, growth is projected over the next window and its watch
     * (the default guard period of one day, watched from the next UTC day), like the deployment's default.
     */
    private PolicySettings settings() {
        PolicySettings s = policy.settings("backtest");
        if (spec.commandLine().getParseResult().hasMatchedOption("--projection-days")) {
            return s;
        }
        return new PolicySettings(s.seedHeadroomMb(), s.peakHeadroomPercent(), s.maxMemoryMb(), s.minChangeMb(),
                s.minChangePercent(), s.minDays(), s.minInvocations(), s.oomIncreasePercent(),
                s.oomMaxIncreasePercent(), Math.min(366, windowDays + 2), s.trendConfidencePercent(),
                s.spikeHeadroomPercent());
    }
}
