package corebank.audit;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of the verifiable log export (NDJSON). The event is embedded as its canonical JSON,
 * byte for byte, so that a verifier hashes exactly what was sealed without re-serializing:
 * {@code {"position":P,"leafHash":"B64","event":{...}}} ({@code "event":null} when the event is
 * gone), and trailer lines {@code {"forgedEventId":ID,"beforePosition":P}}.
 */
public final class LogExportFormat {

    private static final Pattern ENTRY = Pattern.compile("^\\{\"position\":(\\d+),\"leafHash\":\"([A-Za-z0-9+/=]+)\",\"event\":(.*)}$");
    private static final Pattern FORGED = Pattern.compile("^\\{\"forgedEventId\":(-?\\d+),\"beforePosition\":(-?\\d+)}$");

    private LogExportFormat() {
    }

    public static String entry(AuditRecord r) {
        String event = r.occurredAt() == null ? "null" : r.canonicalJson();
        return "{\"position\":" + r.position() + ",\"leafHash\":\"" + Base64.getEncoder().encodeToString(r.leafHash())
                + "\",\"event\":" + event + "}";
    }

    public static String forged(long eventId, long beforePosition) {
        return "{\"forgedEventId\":" + eventId + ",\"beforePosition\":" + beforePosition + "}";
    }

    /** Parsed line: an entry (eventJson null if gone) or a forged-event marker. */
    public record Line(Long position, byte[] leafHash, String eventJson, Long forgedEventId, Long beforePosition) {
    }

    public static Line parse(String line) {
        Matcher m = ENTRY.matcher(line);
        if (m.matches()) {
            String event = m.group(3);
            return new Line(Long.parseLong(m.group(1)), Base64.getDecoder().decode(m.group(2)),
                    "null".equals(event) ? null : event, null, null);
        }
        Matcher f = FORGED.matcher(line);
        if (f.matches()) {
            return new Line(null, null, null, Long.parseLong(f.group(1)), Long.parseLong(f.group(2)));
        }
        throw new IllegalArgumentException("not a line of the audit log export: " + (line.length() > 80 ? line.substring(0, 80) + "..." : line));
    }
}
