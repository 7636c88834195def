package corebank.auditor;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Streams an export page by page: each refill asks for the next page of text (null at the
 * end), so an export of millions of rows holds one page in memory and each page is a short
 * read of its own. What the pages read from (a held snapshot) is released when the last page
 * was read, when a page fails, or when the stream is closed early, whichever comes first.
 */
final class PagedInputStream extends InputStream {

    private final Supplier<String> nextPage;
    private final Runnable release;
    private byte[] buffer = new byte[0];
    private int offset;
    private boolean done;

    PagedInputStream(Supplier<String> nextPage) {
        this(nextPage, () -> { });
    }

    PagedInputStream(Supplier<String> nextPage, Runnable release) {
        this.nextPage = nextPage;
        this.release = release;
    }

    @Override
    public void close() {
        done = true;
        release.run();
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
            String page;
            try {
                page = nextPage.get();
            } catch (RuntimeException e) {
                close();
                throw e;
            }
            if (page == null) {
                close();
                return false;
            }
            buffer = page.getBytes(StandardCharsets.UTF_8);
            offset = 0;
        }
        return true;
    }
}
