package io.rightsizer.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * One in-process run of the {@code rightsizer} command, as a person would type it, with what it printed.
 *
 * @param exitCode what the process would exit with
 * @param out      standard output
 * @param err      standard error
 */
public record CliRun(int exitCode, String out, String err) {

    /** Runs the command with empty standard input. */
    public static CliRun run(String... args) {
        return runWithStdin(new ByteArrayInputStream(new byte[0]), args);
    }

    /** Runs the command reading {@code stdin} for {@code -}. */
    public static CliRun runWithStdin(InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RightsizerCommand.newCommandLine(stdin, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs the command reading {@code stdin} (UTF-8 text) for {@code -}. */
    public static CliRun runWithStdin(String stdin, String... args) {
        return runWithStdin(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    /** The path of a test resource, as a command-line argument. */
    public static String resource(String name) {
        try {
            return Path.of(CliRun.class.getResource("/" + name).toURI()).toString();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }

    /** Standard error's lines. */
    public java.util.List<String> errLines() {
        return err.lines().toList();
    }
}
