package corebank.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline verifier: checks an exported audit log against a signed checkpoint and the public
 * key, without the database or the engine.
 *
 * <pre>
 * mvn -q compile exec:exec@audit-verify -Dverify.args="log.ndjson checkpoint.json public-key.txt"
 * </pre>
 * where log.ndjson comes from GET /audit/v1/log/export, checkpoint.json from GET
 * /audit/v1/checkpoints/latest and the public key (base64) from GET /audit/v1/public-key.
 * Exits 0 when the log is intact, 1 with the first bad position otherwise.
 */
public final class AuditVerifierCommand {

    private AuditVerifierCommand() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: AuditVerifierCommand <log.ndjson> <checkpoint.json> <public-key (base64, or a file holding it)>");
            System.exit(2);
        }
        VerificationResult result = verify(Path.of(args[0]), Files.readString(Path.of(args[1])), publicKey(args[2]));
        if (result.ok()) {
            System.out.println("OK: the " + result.treeSize() + " events of the log match the signed checkpoint");
            System.exit(0);
        }
        System.out.println("TAMPERED: first bad position " + result.firstBadPosition() + ": " + result.problem());
        System.exit(1);
    }

    public static VerificationResult verify(Path log, String checkpointJson, byte[] publicKey) throws IOException {
        long treeSize = Long.parseLong(field(checkpointJson, "treeSize", "(\\d+)"));
        byte[] root = Base64.getDecoder().decode(field(checkpointJson, "rootHash", "\"([^\"]+)\""));
        Instant signedAt = Instant.parse(field(checkpointJson, "signedAt", "\"([^\"]+)\""));
        byte[] signature = Base64.getDecoder().decode(field(checkpointJson, "signature", "\"([^\"]+)\""));
        LogVerifier verifier = new LogVerifier(treeSize, root, signedAt, signature, publicKey);
        try (BufferedReader reader = Files.newBufferedReader(log)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                LogExportFormat.Line parsed = LogExportFormat.parse(line);
                if (parsed.forgedEventId() != null) {
                    verifier.forgedBefore(parsed.beforePosition() < 0 ? treeSize : parsed.beforePosition(), parsed.forgedEventId());
                } else {
                    verifier.accept(new LogVerifier.Entry(parsed.position(), parsed.leafHash(), parsed.eventJson()));
                }
            }
        }
        return verifier.finish();
    }

    private static byte[] publicKey(String arg) throws IOException {
        Path file = Path.of(arg);
        String text = Files.isRegularFile(file) ? Files.readString(file) : arg;
        Matcher json = Pattern.compile("\"publicKey\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
        return Base64.getDecoder().decode(json.find() ? json.group(1) : text.trim());
    }

    private static String field(String json, String name, String valuePattern) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*" + valuePattern).matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("checkpoint has no " + name);
        }
        return m.group(1);
    }
}
