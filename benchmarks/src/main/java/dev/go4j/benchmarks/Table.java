package dev.go4j.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table of text cells rendered two ways from the same rows: aligned plain text for the console and
 * GitHub Markdown for the report.
 */
final class Table {

    private final String[] header;
    /** Per column: right-aligned (numbers) or left-aligned. */
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    /**
     * Creates a table; a header whose name starts with {@code '>'} is a right-aligned column (the
     * {@code '>'} is not shown).
     */
    Table(String... header) {
        this.header = new String[header.length];
        this.right = new boolean[header.length];
        for (int i = 0; i < header.length; i++) {
            right[i] = header[i].startsWith(">");
            this.header[i] = right[i] ? header[i].substring(1) : header[i];
        }
    }

    Table row(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException(
                    "a row needs " + header.length + " cells, got " + Arrays.toString(cells));
        }
        rows.add(cells.clone());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String toText() {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
            for (String[] r : rows) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        for (String[] r : rows) {
            line(sb, r, width);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, String[] cells, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                l.append("  ");
            }
            String pad = " ".repeat(width[i] - cells[i].length());
            l.append(right[i] ? pad + cells[i] : cells[i] + pad);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (boolean r : right) {
            sb.append(r ? "---:|" : "---|");
        }
        sb.append('\n');
        for (String[] r : rows) {
            sb.append("| ").append(String.join(" | ", Arrays.stream(r).map(Table::escape).toList())).append(" |\n");
        }
        return sb.toString();
    }

    /** A Markdown cell: a {@code |} would end it. */
    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }
}
