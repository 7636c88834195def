package corebank.audit;

import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lines of the verifiable log export (NDJSON). Each subject is embedded as its canonical
 * JSON, byte for byte, so that a verifier hashes exactly what was sealed without re-serializing.
 * In order:
 * <ol>
 * <li>{@code {"checkpoint":{"treeSize":N,"rootHash":"B64","signedAt":"T","signature":"B64","keyId":"K"}}}: the
 * signed checkpoint the export is cut at (positions below N only);</li>
 * <li>per position {@code {"position":P,"leafHash":"B64","event":{...}}}, or {@code "entry":{...}} (a journal
 * entry), or {@code "account":{...}}; the value is {@code null} when the row is gone;</li>
 * <li>{@code {"forged":"journal entry ID","beforePosition":P}}: rows found in sealed history without a position;</li>
 * <li>{@code {"balance":{"account":"N","debitsPosted":D,"creditsPosted":C,"postingCount":K,"laterDebits":d,
 * "laterCredits":c,"laterCount":k}}}: per account its stored totals and the part of them from entries not
 * sealed below N, all read in one snapshot.</li>
 * </ol>
 * Exports of earlier versions ({@code {"forgedEventId":ID,"beforePosition":P}}, no checkpoint line) still parse.
 */
public final class LogExportFormat {

    private static final Pattern LEAF = Pattern.compile("^\\{\"position\":(\\d+),\"leafHash\":\"([A-Za-z0-9+/=]+)\",\"(event|entry|account)\":(.*)}$");
    private static final Pattern FORGED_EVENT = Pattern.compile("^\\{\"forgedEventId\":(-?\\d+),\"beforePosition\":(-?\\d+)}$");
    private static final Pattern FORGED = Pattern.compile("^\\{\"forged\":\"([^\"]*)\",\"beforePosition\":(-?\\d+)}$");
    private static final Pattern CHECKPOINT = Pattern.compile("^\\{\"checkpoint\":\\{\"treeSize\":(\\d+),\"rootHash\":\"([^\"]+)\","
            + "\"signedAt\":\"([^\"]+)\",\"signature\":\"([^\"]+)\",\"keyId\":\"([^\"]*)\"}}$");
    private static final Pattern BALANCE = Pattern.compile("^\\{\"balance\":\\{\"account\":\"([^\"]+)\",\"debitsPosted\":(\\d+),"
            + "\"creditsPosted\":(\\d+),\"postingCount\":(\\d+),\"laterDebits\":(\\d+),\"laterCredits\":(\\d+),\"laterCount\":(\\d+)}}$");

    private LogExportFormat() {
    }

    /** The checkpoint an export is cut at, as the export's first line carries it. */
    public record Checkpoint(long treeSize, byte[] rootHash, Instant signedAt, byte[] signature, String keyId) {
    }

    public record Balance(String account, long debitsPosted, long creditsPosted, long postingCount,
                          long laterDebits, long laterCredits, long laterCount) {
    }

    /** A parsed line: exactly one of its parts is set. */
    public record Line(Checkpoint checkpoint, LogVerifier.Entry leaf, LogVerifier.Forged forged, Balance balance) {
    }

    public static String checkpoint(long treeSize, String rootHash, Instant signedAt, String signature, String keyId) {
        return "{\"checkpoint\":{\"treeSize\":" + treeSize + ",\"rootHash\":\"" + rootHash + "\",\"signedAt\":\"" + signedAt
                + "\",\"signature\":\"" + signature + "\",\"keyId\":\"" + keyId + "\"}}";
    }

    public static String leaf(SealedLeaf l) {
        return "{\"position\":" + l.position() + ",\"leafHash\":\"" + Base64.getEncoder().encodeToString(l.leafHash())
                + "\",\"" + l.subject().wire + "\":" + (l.canonical() == null ? "null" : l.canonical()) + "}";
    }

    public static String forged(LogVerifier.Forged f) {
        StringBuilder what = new StringBuilder();
        AuditRecord.appendString(what, f.what());
        return "{\"forged\":" + what + ",\"beforePosition\":" + f.beforePosition() + "}";
    }

    public static String balance(String account, long debitsPosted, long creditsPosted, long postingCount,
                                 long laterDebits, long laterCredits, long laterCount) {
        StringBuilder number = new StringBuilder();
        AuditRecord.appendString(number, account);
        return "{\"balance\":{\"account\":" + number + ",\"debitsPosted\":" + debitsPosted + ",\"creditsPosted\":" + creditsPosted
                + ",\"postingCount\":" + postingCount + ",\"laterDebits\":" + laterDebits + ",\"laterCredits\":" + laterCredits
                + ",\"laterCount\":" + laterCount + "}}";
    }

    public static Line parse(String line) {
        Matcher m = LEAF.matcher(line);
        if (m.matches()) {
            String subject = m.group(4);
            return new Line(null, new LogVerifier.Entry(Long.parseLong(m.group(1)), Base64.getDecoder().decode(m.group(2)),
                    SealedLeaf.Subject.ofWire(m.group(3)), "null".equals(subject) ? null : subject), null, null);
        }
        Matcher f = FORGED.matcher(line);
        if (f.matches()) {
            return new Line(null, null, new LogVerifier.Forged(f.group(1), Long.parseLong(f.group(2))), null);
        }
        Matcher fe = FORGED_EVENT.matcher(line);
        if (fe.matches()) {
            return new Line(null, null, new LogVerifier.Forged("event " + fe.group(1), Long.parseLong(fe.group(2))), null);
        }
        Matcher c = CHECKPOINT.matcher(line);
        if (c.matches()) {
            Base64.Decoder b64 = Base64.getDecoder();
            return new Line(new Checkpoint(Long.parseLong(c.group(1)), b64.decode(c.group(2)), Instant.parse(c.group(3)),
                    b64.decode(c.group(4)), c.group(5)), null, null, null);
        }
        Matcher b = BALANCE.matcher(line);
        if (b.matches()) {
            return new Line(null, null, null, new Balance(b.group(1), Long.parseLong(b.group(2)), Long.parseLong(b.group(3)),
                    Long.parseLong(b.group(4)), Long.parseLong(b.group(5)), Long.parseLong(b.group(6)), Long.parseLong(b.group(7))));
        }
        throw new IllegalArgumentException("not a line of the audit log export: " + (line.length() > 80 ? line.substring(0, 80) + "..." : line));
    }
}
