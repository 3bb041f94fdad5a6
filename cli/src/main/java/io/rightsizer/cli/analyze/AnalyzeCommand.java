package io.rightsizer.cli.analyze;

import io.rightsizer.cli.command.CliException;
import io.rightsizer.cli.command.ExitCode;
import io.rightsizer.cli.command.Version;
import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.policy.SizingPolicy;
import io.rightsizer.logs.MalformedSample;
import io.rightsizer.logs.ParseOptions;
import io.rightsizer.logs.ParseStats;
import io.rightsizer.logs.UsageParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
        List<Input> sources = inputs.stream().map(this::input).toList();
        if (sources.stream().filter(Input::isStdin).count() > 1) {
            throw CliException.usage("'-' (standard input) can be given only once");
        }
        for (Input source : sources) {
            source.check();
        }

        UsageAnalysis analysis = new UsageAnalysis();
        UsageParser parser = new UsageParser();
        PrintWriter err = spec.commandLine().getErr();
        for (Input source : sources) {
            ParseStats stats = source.parse(parser, analysis);
            failOnUnreadableGzip(source, stats);
            analysis.addStats(stats);
            warnAboutSkipped(err, source, stats);
        }
        if (analysis.reports() == 0) {
            err.println("rightsizer: no usage reports found in " + describe(sources));
        }
        err.flush();

        AnalysisReport report = analysis.report(new SizingPolicy(settings, new CostModel(architecture)), architecture);
        PrintWriter out = spec.commandLine().getOut();
        format.render(report, out);
        out.flush();
        return ExitCode.OK;
    }

    /**
     * The outer gzip layer is checked by {@link GzipInputs}; this catches damage the parser met further in (a gzip
     * payload inside a gzip file), which it counts as malformed and keeps what it read: an analysis of part of a file
     * would look complete, so the command fails instead.
     */
    private static void failOnUnreadableGzip(Input source, ParseStats stats) {
        // unreadRest keeps the reason even when the malformed samples are already full of other records.
        MalformedSample unread = stats.unreadRest();
        if (unread != null && unread.reason().contains("gzip")) {
            throw new CliException("cannot read " + source.label() + ": " + unread.reason());
        }
    }

    private void warnAboutSkipped(PrintWriter err, Input source, ParseStats stats) {
        MalformedSample unread = stats.unreadRest();
        if (unread != null) {
            err.println("rightsizer: warning: " + source.label() + ": the rest of the input was not read ("
                    + unread.reason() + "); its figures may be incomplete");
        }
        long malformed = stats.skipped(ParseStats.MALFORMED);
        if (malformed > 0) {
            List<MalformedSample> samples = stats.malformedSamples();
            err.println("rightsizer: warning: " + source.label() + ": skipped " + malformed + " malformed record"
                    + (malformed == 1 ? "" : "s") + (samples.isEmpty() ? "" : ", first at " + samples.get(0)));
        }
        long anonymous = stats.skipped(ParseStats.NO_FUNCTION);
        if (anonymous > 0) {
            err.println("rightsizer: warning: " + source.label() + ": skipped " + anonymous + " report"
                    + (anonymous == 1 ? "" : "s") + " that name no function (give --function NAME)");
        }
    }

    private static String describe(List<Input> sources) {
        return sources.size() == 1 ? sources.get(0).label() : "the " + sources.size() + " inputs";
    }

    private Input input(String name) {
        if ("-".equals(name)) {
            return new Input(null, function);
        }
        Path path = Path.of(name);
        return new Input(path, function != null ? function : InputNames.functionName(path));
    }

    /** One input: a file, or standard input when {@code path} is null. */
    private final class Input {
        private final Path path;
        private final String defaultFunction;

        Input(Path path, String defaultFunction) {
            this.path = path;
            this.defaultFunction = defaultFunction;
        }

        boolean isStdin() {
            return path == null;
        }

        String label() {
            return path == null ? "standard input" : "'" + path + "'";
        }

        /** Fails before any parsing starts, so a typo in the last of many files costs nothing. */
        void check() {
            if (path == null) {
                return;
            }
            if (!Files.exists(path)) {
                throw new CliException("cannot read " + label() + ": no such file");
            }
            if (Files.isDirectory(path)) {
                throw new CliException("cannot read " + label() + ": is a directory");
            }
            if (!Files.isReadable(path)) {
                throw new CliException("cannot read " + label() + ": permission denied");
            }
        }

        ParseStats parse(UsageParser parser, UsageAnalysis sink) {
            ParseOptions options = new ParseOptions(defaultFunction);
            try {
                if (path == null) {
                    // Standard input belongs to the caller: read it, never close it.
                    return parser.parse(GzipInputs.open(new FilterInputStream(stdin) {
                        @Override
                        public void close() {
                        }
                    }), options, sink);
                }
                try (InputStream in = GzipInputs.open(Files.newInputStream(path))) {
                    return parser.parse(in, options, sink);
                }
            } catch (NoSuchFileException e) {
                throw new CliException("cannot read " + label() + ": no such file", e);
            } catch (AccessDeniedException e) {
                throw new CliException("cannot read " + label() + ": permission denied", e);
            } catch (IOException e) {
                throw new CliException("cannot read " + label() + ": " + e.getMessage(), e);
            } catch (UncheckedIOException e) {
                throw new CliException("cannot read " + label() + ": " + e.getCause().getMessage(), e);
            }
        }
    }

    /** Accepts the output formats in any case. */
    static final class FormatConverter implements CommandLine.ITypeConverter<OutputFormat> {
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
    static final class ArchitectureConverter implements CommandLine.ITypeConverter<Architecture> {
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
