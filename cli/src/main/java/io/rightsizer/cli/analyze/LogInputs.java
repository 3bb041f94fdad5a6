package io.rightsizer.cli.analyze;

import io.rightsizer.cli.command.CliException;
import io.rightsizer.logs.DuplicateFilter;
import io.rightsizer.logs.MalformedSample;
import io.rightsizer.logs.ParseOptions;
import io.rightsizer.logs.ParseStats;
import io.rightsizer.logs.UsageParser;
import io.rightsizer.logs.UsageSink;

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
import java.util.stream.Stream;

/**
 * The log inputs of a command that reads exported logs ({@code analyze}, {@code backtest}): files, directories (every
 * file below them) or standard input, plain or gzip, all checked before any is parsed, then streamed one by one through
 * the usage parser, with a warning line for each input whose records were skipped and a one-line error for one that
 * cannot be read.
 */
public final class LogInputs {

    private final List<Input> sources;
    private final String function;

    private LogInputs(List<Input> sources, String function) {
        this.sources = sources;
        this.function = function;
    }

    /**
     * The inputs named on the command line; fails before any parsing starts, so a typo in the last of many files costs
     * nothing.
     *
     * @param names    file or directory names, {@code -} for standard input
     * @param function the function of records that name none, or {@code null} for each file's base name
     * @param stdin    what {@code -} reads
     */
    public static LogInputs of(List<String> names, String function, InputStream stdin) {
        List<Input> sources = new ArrayList<>();
        for (String name : names) {
            expand(name, function, stdin, sources);
        }
        if (sources.stream().filter(Input::isStdin).count() > 1) {
            throw CliException.usage("'-' (standard input) can be given only once");
        }
        for (Input source : sources) {
            source.check();
        }
        return new LogInputs(sources, function);
    }

    /**
     * Parses every input into {@code sink}, in order, warning on {@code err}; returns what was read and skipped,
     * merged. One duplicate filter serves the whole run: the same invocation read from two inputs counts once.
     */
    public ParseStats read(UsageSink sink, PrintWriter err) {
        UsageParser parser = new UsageParser();
        DuplicateFilter duplicates = new DuplicateFilter();
        ParseStats all = new ParseStats();
        Map<Input, ParseStats> withoutReports = new LinkedHashMap<>();
        for (Input source : sources) {
            ParseStats stats = source.parse(parser, sink, duplicates);
            failOnUnreadableGzip(source, stats);
            all.merge(stats);
            warnAboutSkipped(err, source, stats);
            if (stats.reports() == 0 && stats.skipped(ParseStats.DUPLICATE) == 0
                    && stats.skipped(ParseStats.NO_FUNCTION) == 0 && stats.skipped(ParseStats.MALFORMED) == 0) {
                withoutReports.put(source, stats); // nothing at all: worth a note (the others were warned about)
            }
        }
        if (all.reports() > 0 && !withoutReports.isEmpty()) {
            noteInputsWithoutReports(err, withoutReports, sources.size());
        }
        return all;
    }

    /** How a message names the inputs: the one input, or how many. */
    public String describe() {
        return sources.size() == 1 ? sources.get(0).label() : "the " + sources.size() + " inputs";
    }

    /** A file, standard input, or every file below a directory (hidden ones left out), in path order. */
    private static void expand(String name, String function, InputStream stdin, List<Input> sources) {
        if ("-".equals(name)) {
            sources.add(new Input(null, function, null, stdin));
            return;
        }
        Path path = Path.of(name);
        if (!Files.isDirectory(path)) {
            sources.add(input(path, function, stdin));
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
        files.forEach(file -> sources.add(input(file, function, stdin)));
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

    private static Input input(Path path, String function, InputStream stdin) {
        String fromName = InputNames.functionName(path);
        return new Input(path, function != null ? function : fromName, fromName, stdin);
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

    /** One input: a file, or standard input when {@code path} is null. */
    private static final class Input {
        private final Path path;
        private final String defaultFunction;
        /** The function the file's name gives, or {@code null}. */
        private final String fromName;
        private final InputStream stdin;

        Input(Path path, String defaultFunction, String fromName, InputStream stdin) {
            this.path = path;
            this.defaultFunction = defaultFunction;
            this.fromName = fromName;
            this.stdin = stdin;
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

        ParseStats parse(UsageParser parser, UsageSink sink, DuplicateFilter duplicates) {
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
}
