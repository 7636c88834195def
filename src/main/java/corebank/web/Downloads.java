package corebank.web;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;

/** A file the browser saves rather than shows: attachment, a safe file name, never cached. */
public final class Downloads {

    private Downloads() {
    }

    /** {@code fileName} must be plain ASCII without quotes (the callers build it from digits and dates). */
    public static MutableHttpResponse<byte[]> attachment(byte[] body, String contentType, String fileName) {
        if (!fileName.matches("[A-Za-z0-9._-]{1,200}")) {
            throw new IllegalArgumentException("unsafe download file name " + fileName);
        }
        return HttpResponse.ok(body)
                .contentType(MediaType.of(contentType))
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .header("Cache-Control", "no-store")
                .header("X-Content-Type-Options", "nosniff");
    }
}
