package io.rightsizer.cli.analyze;

import io.rightsizer.cli.command.CliException;
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
import java.util.List;

/**
 * The log inputs of a command that reads exported logs ({@code analyze}, {@code backtest}): files or standard input,
 * plain or gzip, all checked before any is parsed, then streamed one by one through the usage parser, with a warning
 * line for each input whose records were skipped and a one-line error for one that cannot be read.
 */
public final class LogInputs {

    private final List<Input> sources;

    private LogInputs(List<Input> sources) {
        this.sources = sources;
    }

    /**
     * The inputs named on the command line; fails before any parsing starts, so a typo in the last of many files costs
     * nothing.
     *
     * @param names    file names, {@code -} for standard input
     * @param function the function of records that name none, or {@code null} for each file's base name
     * @param stdin    what {@code -} reads
     */
    public static LogInputs of(List<String> names, String function, InputStream stdin) {
        List<Input> sources = names.stream().map(name -> "-".equals(name)
                ? new Input(null, function, stdin)
                : new Input(Path.of(name), function != null ? function : InputNames.functionName(Path.of(name)),
                        stdin)).toList();
        if (sources.stream().filter(Input::isStdin).count() > 1) {
            throw CliException.usage("'-' (standard input) can be given only once");
        }
        for (Input source : sources) {
            source.check();
        }
        return new LogInputs(sources);
    }

    /** Parses every input into {@code sink}, in order, warning on {@code err}; returns what was skipped, merged. */
    public ParseStats read(UsageSink sink, PrintWriter err) {
        UsageParser parser = new UsageParser();
        ParseStats all = new ParseStats();
        for (Input source : sources) {
            ParseStats stats = source.parse(parser, sink);
            failOnUnreadableGzip(source, stats);
            all.merge(stats);
            warnAboutSkipped(err, source, stats);
        }
        return all;
    }

    /** How a message names the inputs: the one input, or how many. */
    public String describe() {
        return sources.size() == 1 ? sources.get(0).label() : "the " + sources.size() + " inputs";
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

    private static void warnAboutSkipped(PrintWriter err, Input source, ParseStats stats) {
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

    /** One input: a file, or standard input when {@code path} is null. */
    private static final class Input {
        private final Path path;
        private final String defaultFunction;
        private final InputStream stdin;

        Input(Path path, String defaultFunction, InputStream stdin) {
            this.path = path;
            this.defaultFunction = defaultFunction;
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
            if (Files.isDirectory(path)) {
                throw new CliException("cannot read " + label() + ": is a directory");
            }
            if (!Files.isReadable(path)) {
                throw new CliException("cannot read " + label() + ": permission denied");
            }
        }

        ParseStats parse(UsageParser parser, UsageSink sink) {
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
}
