package io.rightsizer.logs;

/**
 * Undoes what tools do to a REPORT message they print: escaped tabs and newlines ({@code \t}, {@code \n}) of a
 * quoted string, escaped quotes, and terminal colour codes ({@code ESC[32m}). Text without a backslash or an escape
 * character is returned as it is, without a copy.
 */
final class ReportText {

    private static final byte ESC = 0x1b;

    private byte[] scratch = new byte[512];
    /** The cleaned text: {@code buffer()[start()..end())}. */
    private byte[] buffer;
    private int start;
    private int end;

    /** Cleans {@code b[s..e)}; the result is in {@link #buffer()}, {@link #start()}, {@link #end()}. */
    void clean(byte[] b, int s, int e) {
        int i = FrameText.indexOfEither(b, s, e, (byte) '\\', ESC);
        if (i < 0) {
            buffer = b;
            start = s;
            end = e;
            return;
        }
        if (scratch.length < e - s) {
            scratch = new byte[Math.max(e - s, scratch.length * 2)];
        }
        int n = i - s;
        System.arraycopy(b, s, scratch, 0, n);
        while (i < e) {
            byte c = b[i];
            if (c == '\\' && i + 1 < e) {
                byte next = b[i + 1];
                byte replaced = next == 't' ? (byte) '\t' : next == 'n' ? (byte) '\n' : next == 'r' ? (byte) '\r'
                        : next == '"' || next == '\\' || next == '/' ? next : 0;
                if (replaced != 0) {
                    scratch[n++] = replaced;
                    i += 2;
                    continue;
                }
            } else if (c == ESC && i + 1 < e && b[i + 1] == '[') {
                // CSI sequence: parameters and intermediates, then one final byte in @..~
                int j = i + 2;
                while (j < e && (b[j] < 0x40 || b[j] > 0x7e)) {
                    j++;
                }
                i = Math.min(e, j + 1);
                continue;
            }
            scratch[n++] = c;
            i++;
        }
        buffer = scratch;
        start = 0;
        end = n;
    }

    byte[] buffer() {
        return buffer;
    }

    int start() {
        return start;
    }

    int end() {
        return end;
    }
}
