package corebank.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A checkpoint in the C2SP formats (c2sp.org/tlog-checkpoint inside a c2sp.org/signed-note), as
 * the engine writes it to its witness file and as any transparency-log witness reads it:
 *
 * <pre>
 * corebank.audit/&lt;keyId&gt;        origin: names this log
 * 1234                           tree size
 * 3q2+7w...=                     root hash, base64
 *                                blank line
 * — corebank.audit/&lt;keyId&gt; AAAA...   em dash, key name, base64(4-byte key hash || Ed25519 signature)
 * </pre>
 *
 * The signature covers the text up to and including the root hash's newline; the key hash is
 * the first 4 bytes of SHA-256(key name || 0x0A || 0x01 || public key).
 */
public record CheckpointNote(String origin, long treeSize, byte[] rootHash, String text) {

    static final String SIGNATURE_PREFIX = "\u2014 ";
    private static final byte ED25519 = 0x01;

    /** The origin (and key name) of the log signed by this key. */
    public static String originFor(byte[] publicKey) {
        return "corebank.audit/" + HexFormat.of().formatHex(MerkleTree.sha256().digest(publicKey)).substring(0, 16);
    }

    static String body(String origin, long treeSize, byte[] rootHash) {
        return origin + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n";
    }

    static CheckpointNote sign(AuditSigner signer, long treeSize, byte[] rootHash) {
        String origin = originFor(signer.publicKey());
        String body = body(origin, treeSize, rootHash);
        byte[] signature = signer.signBytes(body.getBytes(StandardCharsets.UTF_8));
        byte[] keyHash = keyHash(origin, signer.publicKey());
        byte[] line = Arrays.copyOf(keyHash, keyHash.length + signature.length);
        System.arraycopy(signature, 0, line, keyHash.length, signature.length);
        String text = body + "\n" + SIGNATURE_PREFIX + origin + " " + Base64.getEncoder().encodeToString(line) + "\n";
        return new CheckpointNote(origin, treeSize, rootHash, text);
    }

    static byte[] keyHash(String keyName, byte[] publicKey) {
        MessageDigest d = MerkleTree.sha256();
        d.update(keyName.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0x0A);
        d.update(ED25519);
        d.update(publicKey);
        return Arrays.copyOf(d.digest(), 4);
    }

    /**
     * Parses one note and verifies it with {@code publicKey}: the signature line of this key's
     * name and key hash must verify over the text. Empty when it is not a checkpoint this key signed.
     */
    public static Optional<CheckpointNote> open(String note, byte[] publicKey) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            return Optional.empty();
        }
        String body = note.substring(0, split + 1);
        String[] lines = body.split("\n");
        if (lines.length < 3 || !lines[1].matches("\\d{1,18}")) {
            return Optional.empty();
        }
        String origin = originFor(publicKey);
        if (!lines[0].equals(origin)) {
            return Optional.empty();
        }
        byte[] wantedHash = keyHash(origin, publicKey);
        for (String line : note.substring(split + 2).split("\n")) {
            if (!line.startsWith(SIGNATURE_PREFIX + origin + " ")) {
                continue;
            }
            byte[] signed;
            try {
                signed = Base64.getDecoder().decode(line.substring(SIGNATURE_PREFIX.length() + origin.length() + 1));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (signed.length < 4 || !Arrays.equals(Arrays.copyOf(signed, 4), wantedHash)) {
                continue;
            }
            if (!AuditSigner.verifyBytes(publicKey, body.getBytes(StandardCharsets.UTF_8), Arrays.copyOfRange(signed, 4, signed.length))) {
                return Optional.empty();
            }
            try {
                return Optional.of(new CheckpointNote(origin, Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]),
                        note.endsWith("\n") ? note : note + "\n"));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a note of {@code origin} is whole: its signature line of that name holds a key hash
     * and a full Ed25519 signature. A note that is not (a write torn by a crash) claims nothing.
     */
    static boolean whole(String note, String origin) {
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            return false;
        }
        for (String line : note.substring(split + 2).split("\n")) {
            if (line.startsWith(SIGNATURE_PREFIX + origin + " ")) {
                try {
                    return Base64.getDecoder().decode(line.substring(SIGNATURE_PREFIX.length() + origin.length() + 1)).length == 4 + 64;
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
        return false;
    }

    /**
     * Splits text holding notes one after another (a witness file) into single notes: each is
     * its text lines, a blank line and its signature lines. A fragment left by a torn write (a
     * second blank line before any signature) is dropped.
     */
    public static List<String> split(String notes) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inSignatures = false;
        for (String line : notes.split("\n", -1)) {
            if (inSignatures && !line.startsWith(SIGNATURE_PREFIX)) {
                out.add(current.toString());
                current.setLength(0);
                inSignatures = false;
            }
            if (line.isEmpty() && !inSignatures) {
                int blank = current.indexOf("\n\n");
                if (blank >= 0) {
                    current.delete(0, blank + 2);
                }
                if (current.length() == 0) {
                    continue;
                }
            }
            current.append(line).append('\n');
            if (line.startsWith(SIGNATURE_PREFIX)) {
                inSignatures = true;
            }
        }
        if (inSignatures) {
            out.add(current.toString());
        }
        return out;
    }
}
