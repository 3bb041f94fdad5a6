package io.rightsizer.cli.analyze;

import java.io.PrintWriter;

/** The forms {@code analyze} prints its report in. */
public enum OutputFormat {
    /** Aligned columns with the reasons below, for people. */
    TABLE(new TableRenderer()),
    /** The stable JSON contract documented in the README. */
    JSON(new JsonRenderer()),
    /** One row per function with a header, for spreadsheets. */
    CSV(new CsvRenderer());

    private final ReportRenderer renderer;

    OutputFormat(ReportRenderer renderer) {
        this.renderer = renderer;
    }

    /** Writes the report to {@code out} in this format. */
    public void render(AnalysisReport report, PrintWriter out) {
        renderer.render(report, out, false);
    }

    /** Writes the report; {@code verbose} lists every kind of record skipped (the table only; JSON always does). */
    public void render(AnalysisReport report, PrintWriter out, boolean verbose) {
        renderer.render(report, out, verbose);
    }

    /** Writes an {@link AnalysisReport} in one output format. */
    interface ReportRenderer {
        void render(AnalysisReport report, PrintWriter out);

        /** Formats that show everything whatever the verbosity keep the short form. */
        default void render(AnalysisReport report, PrintWriter out, boolean verbose) {
            render(report, out);
        }
    }
}
