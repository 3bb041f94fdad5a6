package io.rightsizer.logs;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Re-encodes a UTF-16 input (Windows PowerShell writes redirected output so) as UTF-8, streaming, so that the
 * byte-oriented parsers read it like any other export.
 */
final class Utf16Input extends InputStream {

    private final Reader reader;
    private final CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final CharBuffer chars = CharBuffer.allocate(8192);
    private final ByteBuffer bytes = ByteBuffer.allocate(3 * 8192 + 16);
    private boolean eof;

    /** Reads {@code in}, whose byte order mark says UTF-16 (big or little endian). */
    Utf16Input(InputStream in) {
        // The "UTF-16" decoder reads the byte order mark and drops it.
        this.reader = new InputStreamReader(in, StandardCharsets.UTF_16);
        chars.flip();
        bytes.flip();
    }

    /** Whether the first bytes are a UTF-16 byte order mark. */
    static boolean startsWithByteOrderMark(int first, int second) {
        return (first == 0xff && second == 0xfe) || (first == 0xfe && second == 0xff);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n <= 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!bytes.hasRemaining()) {
            if (eof) {
                return -1;
            }
            fill();
        }
        int n = Math.min(len, bytes.remaining());
        bytes.get(b, off, n);
        return n;
    }

    private void fill() throws IOException {
        chars.compact();
        int n = reader.read(chars);
        chars.flip();
        if (n < 0) {
            eof = true;
        }
        bytes.clear();
        encoder.encode(chars, bytes, eof);
        if (eof) {
            encoder.flush(bytes);
        }
        bytes.flip();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
