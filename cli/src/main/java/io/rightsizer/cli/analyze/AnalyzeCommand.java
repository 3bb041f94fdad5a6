package io.rightsizer.cli.analyze;

import io.rightsizer.cli.command.CliException;
import io.rightsizer.cli.command.ExitCode;
import io.rightsizer.cli.command.Version;
import io.rightsizer.domain.cost.Architecture;
import io.rightsizer.domain.cost.CostModel;
import io.rightsizer.domain.policy.PolicySettings;
import io.rightsizer.domain.policy.SizingPolicy;
import io.rightsizer.logs.DuplicateFilter;
import io.rightsizer.logs.MalformedSample;
import io.rightsizer.logs.ParseOptions;
import io.rightsizer.logs.ParseStats;
import io.rightsizer.logs.UsageParser;
import picocli.CommandLine.Command;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

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

    @Option(names = "--seed-headroom-mb", paramLabel = "MB",
            defaultValue = "" + PolicySettings.DEFAULT_SEED_HEADROOM_MB,
            description = "Added to the average of the daily maxima: the seed rule (default: ${DEFAULT-VALUE}).")
    private int seedHeadroomMb;

    @Option(names = "--peak-headroom-percent", paramLabel = "PCT",
            defaultValue = "" + PolicySettings.DEFAULT_PEAK_HEADROOM_PERCENT,
            description = "Never recommend less than the peak plus this share of it (default: ${DEFAULT-VALUE}).")
    private int peakHeadroomPercent;

    @Option(names = "--max-memory-mb", paramLabel = "MB", defaultValue = "" + PolicySettings.DEFAULT_MAX_MEMORY_MB,
            description = "Upper limit of a recommendation, 128..10240; lower it where the account's limit is lower "
                    + "(default: ${DEFAULT-VALUE}).")
    private int maxMemoryMb;

    @Option(names = "--min-change-mb", paramLabel = "MB", defaultValue = "" + PolicySettings.DEFAULT_MIN_CHANGE_MB,
            description = "Keep the current size when the change is smaller than this (default: ${DEFAULT-VALUE}).")
    private int minChangeMb;

    @Option(names = "--min-change-percent", paramLabel = "PCT",
            defaultValue = "" + PolicySettings.DEFAULT_MIN_CHANGE_PERCENT,
            description = "... or smaller than this share of the current size (default: ${DEFAULT-VALUE}).")
    private int minChangePercent;

    @Option(names = "--min-days", paramLabel = "N", defaultValue = "" + PolicySettings.DEFAULT_MIN_DAYS,
            description = "Fewer days with data is INSUFFICIENT_DATA; reports without a time count as one day "
                    + "(default: ${DEFAULT-VALUE}).")
    private int minDays;

    @Option(names = "--min-invocations", paramLabel = "N", defaultValue = "" + PolicySettings.DEFAULT_MIN_INVOCATIONS,
            description = "Fewer invocations is INSUFFICIENT_DATA (default: ${DEFAULT-VALUE}).")
    private long minInvocations;

    @Option(names = "--oom-increase-percent", paramLabel = "PCT",
            defaultValue = "" + PolicySettings.DEFAULT_OOM_INCREASE_PERCENT,
            description = "A function that ran out of memory, or peaked at its size, grows by at least this share "
                    + "(default: ${DEFAULT-VALUE}).")
    private int oomIncreasePercent;

    private final InputStream stdin;

    /** A command reading {@code -} from {@code stdin}. */
    public AnalyzeCommand(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public Integer call() {
        PolicySettings settings = settings();
        List<Input> sources = new ArrayList<>();
        for (String name : inputs) {
            expand(name, sources);
        }
        if (sources.stream().filter(Input::isStdin).count() > 1) {
            throw CliException.usage("'-' (standard input) can be given only once");
        }
        for (Input source : sources) {
            source.check();
        }

        UsageAnalysis analysis = new UsageAnalysis();
        UsageParser parser = new UsageParser();
        // One filter for the whole run: the same invocation read from two inputs counts once.
        DuplicateFilter duplicates = new DuplicateFilter();
        ParseStats all = new ParseStats();
        Map<Input, ParseStats> withoutReports = new LinkedHashMap<>();
        PrintWriter err = spec.commandLine().getErr();
        for (Input source : sources) {
            ParseStats stats = source.parse(parser, analysis, duplicates);
            failOnUnreadableGzip(source, stats);
            analysis.addStats(stats);
            all.merge(stats);
            warnAboutSkipped(err, source, stats);
            if (stats.reports() == 0 && stats.skipped(ParseStats.DUPLICATE) == 0
                    && stats.skipped(ParseStats.NO_FUNCTION) == 0 && stats.skipped(ParseStats.MALFORMED) == 0) {
                withoutReports.put(source, stats); // nothing at all: worth a note (the others were warned about)
            }
        }
        if (analysis.reports() == 0) {
            // Reading nothing is no success: say what was there, and exit with a code a script can tell apart.
            err.println("rightsizer: no usage report in " + describe(sources) + ": " + InputSummary.of(all));
            err.flush();
            return ExitCode.NO_REPORTS;
        }
        if (!withoutReports.isEmpty()) {
            noteInputsWithoutReports(err, withoutReports, sources.size());
        }
        err.flush();

        AnalysisReport report = analysis.report(new SizingPolicy(settings, new CostModel(architecture)), architecture);
        PrintWriter out = spec.commandLine().getOut();
        format.render(report, out);
        out.flush();
        return ExitCode.OK;
    }

    /** A file, standard input, or every file below a directory (hidden ones left out), in path order. */
    private void expand(String name, List<Input> sources) {
        if ("-".equals(name)) {
            sources.add(new Input(null, function, null));
            return;
        }
        Path path = Path.of(name);
        if (!Files.isDirectory(path)) {
            sources.add(input(path));
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.filter(p -> !hidden(path, p)).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new CliException("cannot read '" + path + "': " + (e.getCause() != null ? e.getCause() : e)
                    .getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new CliException("cannot read '" + path + "': no files in it");
        }
        files.forEach(file -> sources.add(input(file)));
    }

    /** Whether a file below {@code root} is hidden, or lies in a hidden directory. */
    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private Input input(Path path) {
        String fromName = InputNames.functionName(path);
        return new Input(path, function != null ? function : fromName, fromName);
    }

    private static void noteInputsWithoutReports(PrintWriter err, Map<Input, ParseStats> inputs, int total) {
        List<String> named = new ArrayList<>();
        for (Map.Entry<Input, ParseStats> input : inputs.entrySet()) {
            if (named.size() == 3) {
                named.add("…");
                break;
            }
            named.add(input.getKey().label() + " (" + InputSummary.of(input.getValue()) + ")");
        }
        err.println("rightsizer: note: " + inputs.size() + " of " + total + " inputs held no usage report: "
                + String.join(", ", named));
    }

    private PolicySettings settings() {
        try {
            return new PolicySettings(seedHeadroomMb, peakHeadroomPercent, maxMemoryMb, minChangeMb, minChangePercent,
                    minDays, minInvocations, oomIncreasePercent);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(optionNames(e.getMessage()) + " (see 'rightsizer analyze --help')");
        }
    }

    /** Names the flag instead of the settings field in a validation message. */
    private static String optionNames(String message) {
        Map<String, String> flags = Map.of(
                "seedHeadroomMb", "--seed-headroom-mb",
                "peakHeadroomPercent", "--peak-headroom-percent",
                "maxMemoryMb", "--max-memory-mb",
                "minChangeMb", "--min-change-mb",
                "minChangePercent", "--min-change-percent",
                "minDays", "--min-days",
                "minInvocations", "--min-invocations",
                "oomIncreasePercent", "--oom-increase-percent");
        String out = message;
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            out = out.replaceFirst("^" + flag.getKey() + "\\b", flag.getValue());
        }
        return out;
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
            err.println("rightsizer: warning: " + source.label() + ": input damaged or cut off ("
                    + (unread.line() > 0 ? "line " + unread.line() + ": " : "") + unread.reason()
                    + "); its figures may be incomplete");
        }
        long malformed = stats.skipped(ParseStats.MALFORMED);
        if (malformed > 0) {
            List<MalformedSample> samples = stats.malformedSamples();
            err.println("rightsizer: warning: " + source.label() + ": skipped " + malformed + " malformed record"
                    + (malformed == 1 ? "" : "s") + (samples.isEmpty() ? "" : ", first at " + samples.get(0)));
        }
        long anonymous = stats.skipped(ParseStats.NO_FUNCTION);
        if (anonymous > 0 && source.path != null && source.fromName == null && function == null) {
            err.println("rightsizer: warning: " + source.label() + ": '" + source.path.getFileName()
                    + "' names no function, so " + anonymous + (anonymous == 1 ? " report that names none was"
                    : " reports that name none were") + " skipped (give --function NAME)");
        } else if (anonymous > 0) {
            err.println("rightsizer: warning: " + source.label() + ": skipped " + anonymous + " report"
                    + (anonymous == 1 ? "" : "s") + " that name no function (give --function NAME)");
        }
    }

    private static String describe(List<Input> sources) {
        return sources.size() == 1 ? sources.get(0).label() : "the " + sources.size() + " inputs";
    }

    /** One input: a file, or standard input when {@code path} is null. */
    private final class Input {
        private final Path path;
        private final String defaultFunction;
        /** The function the file's name gives, or {@code null}. */
        private final String fromName;

        Input(Path path, String defaultFunction, String fromName) {
            this.path = path;
            this.defaultFunction = defaultFunction;
            this.fromName = fromName;
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
            if (!Files.isReadable(path)) {
                throw new CliException("cannot read " + label() + ": permission denied");
            }
        }

        ParseStats parse(UsageParser parser, UsageAnalysis sink, DuplicateFilter duplicates) {
            ParseOptions options = new ParseOptions(defaultFunction);
            try {
                if (path == null) {
                    // Standard input belongs to the caller: read it, never close it.
                    return parser.parse(GzipInputs.open(new FilterInputStream(stdin) {
                        @Override
                        public void close() {
                        }
                    }), options, sink, duplicates);
                }
                try (InputStream in = GzipInputs.open(Files.newInputStream(path))) {
                    return parser.parse(in, options, sink, duplicates);
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
