package io.rightsizer.cli.analyze;

import io.rightsizer.cli.command.ExitCode;
import io.rightsizer.cli.command.Version;
import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.policy.SizingPolicy;
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
            "Inputs are detected per file (gzip too): 'aws logs tail' output, plain REPORT lines, console copies "
                    + "with wrapped lines, Telemetry API JSON arrays, JSON lines, JSON-format CloudWatch logs, "
                    + "get-log-events / filter-log-events output and CloudWatch Logs subscription payloads.",
            "",
            "A record's function comes from the record itself where it has one (its log group), otherwise from "
                    + "--function, otherwise from the file's name without extensions (orders.log -> orders).",
            ""},
        footer = {"",
            "Costs are us-east-1 on-demand prices scaled to 30 days, assuming durations stay the same.",
            "Exit codes: 0 ok, 1 an input could not be read, 2 usage error."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE",
            description = "Log files to analyse (plain or gzip); '-' reads standard input.")
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
        analysis.addStats(sources.read(analysis, err));
        if (analysis.reports() == 0) {
            err.println("rightsizer: no usage reports found in " + sources.describe());
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
