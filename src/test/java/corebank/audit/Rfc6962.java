package corebank.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent implementation, written from RFC 6962 / RFC 9162 and the documented leaf
 * format, of what the tests check the engine against: Merkle tree hash, and the verification
 * algorithms of inclusion (RFC 9162 2.1.3.2) and consistency (2.1.4.2) proofs. It shares no
 * code with the engine's MerkleTree.
 */
final class Rfc6962 {

    private Rfc6962() {
    }

    static byte[] leaf(byte[] data) {
        return sha256(new byte[]{0}, data);
    }

    static byte[] node(byte[] left, byte[] right) {
        return sha256(new byte[]{1}, left, right);
    }

    /** MTH(D[n]) by the RFC's definition, recursively over a list of leaf hashes. */
    static byte[] mth(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return sha256();
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = 1;
        while (k * 2 < leaves.size()) {
            k *= 2;
        }
        return node(mth(leaves.subList(0, k)), mth(leaves.subList(k, leaves.size())));
    }

    static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> path, byte[] root) {
        if (index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = node(p, r);
                if ((fn & 1) == 0) {
                    while (!((fn & 1) == 1 || fn == 0)) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = node(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    static boolean verifyConsistency(long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> proof) {
        if (first == second) {
            return proof.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        }
        List<byte[]> p = new ArrayList<>(proof);
        if (Long.bitCount(first) == 1) {
            p.add(0, firstRoot);
        }
        if (p.isEmpty()) {
            return false;
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = p.get(0);
        byte[] sr = p.get(0);
        for (byte[] c : p.subList(1, p.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = node(c, fr);
                sr = node(c, sr);
                if ((fn & 1) == 0) {
                    while (!((fn & 1) == 1 || fn == 0)) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = node(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot);
    }

    /**
     * The leaf's data as docs/architecture.md documents it: a JSON object with the fields id, occurredAt,
     * actor, actorRole, action, outcome, reason, targetType, targetId, requestId, channel,
     * clientAddress, userAgent, details (the jsonb text, as a string) in that order, no spaces.
     */
    static String canonical(ResultSet rs) throws SQLException {
        String[] names = {"actor", "actorRole", "action", "outcome", "reason", "targetType", "targetId", "requestId",
                "channel", "clientAddress", "userAgent", "details"};
        StringBuilder json = new StringBuilder("{\"id\":").append(rs.getLong(2)).append(",\"occurredAt\":\"")
                .append(rs.getObject(3, java.time.OffsetDateTime.class).toInstant()).append('"');
        for (int i = 0; i < names.length; i++) {
            String v = rs.getString(4 + i);
            json.append(",\"").append(names[i]).append("\":");
            json.append(v == null ? "null" : quote(v));
        }
        return json.append('}').toString();
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
