package io.rightsizer.cli.analyze;

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
import picocli.CommandLine;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rightsizer analyze}: reads exported Lambda logs, folds them per function and day, and recommends memory. */
@Command(name = "analyze",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Reads exported Lambda logs, folds every invocation's peak memory per function and UTC day, and "
                    + "recommends a memory size per function with the same policy as the deployed pipeline.",
            "",
            "Reads the logs people have, whatever the tool that wrote them (gzip too): a REPORT line behind any "
                    + "prefix ('aws logs tail', sam, pulumi, serverless, console copies, Markdown and CSV tables, "
                    + "quotes in other tools' logs, wrapped lines), Telemetry API and JSON-format logs (also "
                    + "pretty-printed or escaped in a shipper's JSON), get-log-events / filter-log-events output, "
                    + "Logs Insights exports (CSV, JSON, Markdown, get-query-results) and subscription payloads. "
                    + "An invocation read twice counts once.",
            "",
            "A record's function comes from the record itself where it has one (a /aws/lambda/<name> log group, "
                    + "an @log column), otherwise from --function, otherwise from the file's name without "
                    + "extensions and date or sequence suffixes (orders-2025-06-01.log -> orders).",
            ""},
        footer = {"",
            "Costs are us-east-1 on-demand prices scaled to 30 days, assuming durations stay the same.",
            "Exit codes: 0 ok, 1 an input could not be read, 2 usage error, 5 no usage report found."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Log files or directories (every file below them, hidden ones left out), plain or gzip; "
                    + "'-' reads standard input.")
    private List<String> inputs;

    @Option(names = "--function", paramLabel = "NAME",
            description = "Function name for records that do not name their own function "
                    + "(default: each file's base name; for '-', such records are skipped).")
    private String function;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            converter = FormatConverter.class,
            description = "Output: table, json or csv (default: ${DEFAULT-VALUE}).")
    private OutputFormat format;

    @Option(names = "--arch", paramLabel = "ARCH", defaultValue = "x86_64",
            converter = ArchitectureConverter.class,
            description = "Architecture the costs are priced at: x86_64 or arm64 (default: ${DEFAULT-VALUE}).")
    private Architecture architecture;

    @Option(names = {"-v", "--verbose"},
            description = "List every kind of record skipped (START, END, application output, ...), not only the ones"
                    + " worth a look (malformed, no function, ...).")
    private boolean verbose;

    @Mixin
    private PolicyOptions policy;

    private final InputStream stdin;

    /** A command reading {@code -} from {@code stdin}. */
    public AnalyzeCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PolicySettings settings = policy.settings("analyze");
        LogInputs sources = LogInputs.of(inputs, function, stdin);

        UsageAnalysis analysis = new UsageAnalysis();
        PrintWriter err = spec.commandLine().getErr();
        ParseStats all = sources.read(analysis, err);
        analysis.addStats(all);
        if (analysis.reports() == 0) {
            // Reading nothing is no success: say what was there, and exit with a code a script can tell apart.
            err.println("rightsizer: no usage report in " + sources.describe() + ": " + InputSummary.of(all));
            err.flush();
            return ExitCode.NO_REPORTS;
        }
        err.flush();

        AnalysisReport report = analysis.report(new SizingPolicy(settings, new CostModel(architecture)), architecture);
        PrintWriter out = spec.commandLine().getOut();
        format.render(report, out, verbose);
        out.flush();
        return ExitCode.OK;
    }

    /** Accepts the output formats in any case. */
    public static final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "unknown format '" + value + "' (expected table, json or csv)");
            }
        }
    }

    /** Accepts the Lambda architecture names and their common aliases. */
    public static final class ArchitectureConverter implements CommandLine.ITypeConverter<Architecture> {
        @Override
        public Architecture convert(String value) {
            try {
                return Architecture.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
