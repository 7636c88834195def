package corebank.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Offline verifier: checks an exported log (audit events, journal entries with their postings,
 * accounts, and the accounts' stored totals) against a signed checkpoint and the public key,
 * without the database or the engine; optionally also against witnessed checkpoints.
 *
 * <pre>
 * mvn -q compile exec:exec@audit-verify -Dverify.args="log.ndjson public-key.txt [--witness checkpoints.note]"
 * mvn -q compile exec:exec@audit-verify -Dverify.args="log.ndjson checkpoint.json public-key.txt [--witness checkpoints.note]"
 * </pre>
 * log.ndjson comes from GET /audit/v1/log/export, which starts with the signed checkpoint it is
 * cut at (so a live engine gives a consistent export); checkpoint.json (GET
 * /audit/v1/checkpoints/latest, or one kept from earlier) replaces it when given; the public key
 * (base64) comes from GET /audit/v1/public-key; checkpoints.note holds C2SP checkpoint notes
 * kept outside the database (GET /audit/v1/checkpoints/witnessed, or the witness file).
 * Exits 0 when the log is intact, 1 with the first bad position otherwise.
 */
public final class AuditVerifierCommand {

    private AuditVerifierCommand() {
    }

    public static void main(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        Path witness = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--witness") && i + 1 < args.length) {
                witness = Path.of(args[++i]);
            } else {
                positional.add(args[i]);
            }
        }
        if (positional.size() < 2 || positional.size() > 3) {
            System.err.println("usage: AuditVerifierCommand <log.ndjson> [checkpoint.json] <public-key (base64, or a file holding it)>"
                    + " [--witness <checkpoint notes>]");
            System.exit(2);
        }
        Path log = Path.of(positional.get(0));
        String checkpoint = positional.size() == 3 ? Files.readString(Path.of(positional.get(1))) : null;
        byte[] key = publicKey(positional.get(positional.size() - 1));
        VerificationResult result = verify(log, checkpoint, key, witness == null ? null : Files.readString(witness));
        if (result.ok()) {
            System.out.println("OK: the " + result.treeSize() + " leaves of the log (events, journal entries, accounts) match the"
                    + " signed checkpoint, and every account's totals match its postings");
            System.exit(0);
        }
        System.out.println("TAMPERED: first bad position " + result.firstBadPosition() + ": " + result.problem());
        System.exit(1);
    }

    /** Against the given checkpoint (JSON of GET /audit/v1/checkpoints/latest). */
    public static VerificationResult verify(Path log, String checkpointJson, byte[] publicKey) throws IOException {
        return verify(log, checkpointJson, publicKey, null);
    }

    /**
     * Against {@code checkpointJson}, or when null the checkpoint on the export's first line;
     * {@code witnessNotes} (C2SP checkpoint notes, or null) must be extended by the log.
     */
    public static VerificationResult verify(Path log, String checkpointJson, byte[] publicKey, String witnessNotes) throws IOException {
        LogVerifier verifier = null;
        long treeSize = 0;
        PostingTotals totals = new PostingTotals();
        if (checkpointJson != null) {
            treeSize = Long.parseLong(field(checkpointJson, "treeSize", "(\\d+)"));
            verifier = new LogVerifier(treeSize, Base64.getDecoder().decode(field(checkpointJson, "rootHash", "\"([^\"]+)\"")),
                    Instant.parse(field(checkpointJson, "signedAt", "\"([^\"]+)\"")),
                    Base64.getDecoder().decode(field(checkpointJson, "signature", "\"([^\"]+)\"")), publicKey);
        }
        try (BufferedReader reader = Files.newBufferedReader(log)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                LogExportFormat.Line parsed = LogExportFormat.parse(line);
                if (parsed.checkpoint() != null) {
                    if (verifier == null) {
                        LogExportFormat.Checkpoint c = parsed.checkpoint();
                        treeSize = c.treeSize();
                        verifier = new LogVerifier(c.treeSize(), c.rootHash(), c.signedAt(), c.signature(), publicKey);
                    }
                    continue;
                }
                if (verifier == null) {
                    throw new IllegalArgumentException("the export does not start with its checkpoint: pass checkpoint.json");
                }
                if (parsed.leaf() != null) {
                    verifier.accept(parsed.leaf());
                    totals.accept(parsed.leaf());
                } else if (parsed.forged() != null) {
                    verifier.forged(parsed.forged());
                } else {
                    totals.check(parsed.balance(), verifier, treeSize);
                }
            }
        }
        if (verifier == null) {
            throw new IllegalArgumentException("the export is empty and no checkpoint was given");
        }
        if (witnessNotes != null) {
            AuditWitness.Latest latest = AuditWitness.latestIn(witnessNotes, publicKey, "given");
            LogVerifier v = verifier;
            latest.note().ifPresent(n -> v.witnessed(new LogVerifier.Witnessed(n.treeSize(), n.rootHash())));
            if (latest.problem() != null) {
                verifier.problemAt(0, latest.problem());
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
