package io.rightsizer.cli.analyze;

import java.io.PrintWriter;
import java.util.List;

/** Prints rows of cells as columns two spaces apart, each column as wide as its widest cell, text left, numbers right. */
public final class AlignedTable {

    private AlignedTable() {
    }

    /**
     * Prints {@code rows} (the header first) to {@code out}.
     *
     * @param right per column, whether its cells align to the right
     */
    public static void print(List<List<String>> rows, boolean[] right, PrintWriter out) {
        int[] widths = new int[right.length];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                String pad = " ".repeat(widths[i] - cell.length());
                line.append(right[i] ? pad + cell : cell + (i == row.size() - 1 ? "" : pad));
                if (i < row.size() - 1) {
                    line.append("  ");
                }
            }
            // A last column aligned left leaves no trailing blanks.
            out.println(line.toString().stripTrailing());
        }
    }
}
