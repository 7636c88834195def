package corebank.auditor;

import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import io.micronaut.http.MediaType;

/** The formats of the auditors' streaming exports, chosen by the {@code format} query parameter. */
enum ExportFormat {
    CSV("text/csv"),
    NDJSON("application/x-ndjson");

    private final String mediaType;

    ExportFormat(String mediaType) {
        this.mediaType = mediaType;
    }

    /** {@code csv} or {@code ndjson} in any case; absent means NDJSON; anything else is a 400 naming {@code format}. */
    static ExportFormat parse(String format) {
        if (format == null || "ndjson".equalsIgnoreCase(format)) {
            return NDJSON;
        }
        if ("csv".equalsIgnoreCase(format)) {
            return CSV;
        }
        throw new CorebankException(ErrorCode.VALIDATION_FAILED, "format is csv or ndjson", "format");
    }

    MediaType mediaType() {
        return MediaType.of(mediaType);
    }
}
