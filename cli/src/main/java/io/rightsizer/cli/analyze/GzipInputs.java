package io.rightsizer.cli.analyze;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Opens the outer gzip layer of an input before the parser sees it, so that a corrupt or truncated file fails the
 * run with a clear error instead of being analysed in part (the parser, built for streams that must go on, counts
 * such damage as one malformed record and keeps what it read).
 */
final class GzipInputs {

    private static final int BUFFER = 1 << 16;

    private GzipInputs() {
    }

    /** The input decompressed when it starts with the gzip magic bytes, otherwise as it is (buffered either way). */
    static InputStream open(InputStream raw) throws IOException {
        BufferedInputStream in = raw instanceof BufferedInputStream b ? b : new BufferedInputStream(raw, BUFFER);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first != 0x1f || second != 0x8b) {
            return in;
        }
        try {
            return new BufferedInputStream(new Guard(new GZIPInputStream(in, BUFFER)), BUFFER);
        } catch (ZipException | EOFException e) {
            throw new CorruptGzipException(e);
        }
    }

    /** Raised when gzip data cannot be decompressed to its end. */
    static final class CorruptGzipException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptGzipException(IOException cause) {
            super("corrupt or truncated gzip data (" + cause.getMessage() + ")", cause);
        }
    }

    /** Marks decompression failures so that they are told apart from other I/O errors. */
    private static final class Guard extends FilterInputStream {
        Guard(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (ZipException | EOFException e) {
                throw new CorruptGzipException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (ZipException | EOFException e) {
                throw new CorruptGzipException(e);
            }
        }
    }
}
