package corebank.auditor;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Streams an export page by page: each refill asks for the next page of text (null at the
 * end), so an export of millions of rows holds one page in memory and each page is a short
 * read of its own.
 */
final class PagedInputStream extends InputStream {

    private final Supplier<String> nextPage;
    private byte[] buffer = new byte[0];
    private int offset;
    private boolean done;

    PagedInputStream(Supplier<String> nextPage) {
        this.nextPage = nextPage;
    }

    @Override
    public int read() {
        if (!fill()) {
            return -1;
        }
        return buffer[offset++] & 0xff;
    }

    @Override
    public int read(byte[] target, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, buffer.length - offset);
        System.arraycopy(buffer, offset, target, off, n);
        offset += n;
        return n;
    }

    private boolean fill() {
        while (offset >= buffer.length) {
            if (done) {
                return false;
            }
            String page = nextPage.get();
            if (page == null) {
                done = true;
                return false;
            }
            buffer = page.getBytes(StandardCharsets.UTF_8);
            offset = 0;
        }
        return true;
    }
}
