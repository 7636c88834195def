package corebank.audit;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs checkpoints of the audit log with Ed25519 (BouncyCastle). The private key is configured
 * outside the database ({@code corebank.audit.signing-key}: base64 of the 32-byte seed; the
 * default run generates it into its keys directory). Anyone with the public key can verify.
 */
@Singleton
public class AuditSigner {

    private final Ed25519PrivateKeyParameters privateKey;
    private final Ed25519PublicKeyParameters publicKey;
    private final String keyId;

    public AuditSigner(@Value("${corebank.audit.signing-key}") String seedBase64) {
        byte[] seed;
        try {
            seed = Base64.getDecoder().decode(seedBase64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("corebank.audit.signing-key is not base64");
        }
        if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
            throw new IllegalStateException("corebank.audit.signing-key must be a 32-byte Ed25519 seed");
        }
        this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = privateKey.generatePublicKey();
        this.keyId = HexFormat.of().formatHex(MerkleTree.sha256().digest(publicKey.getEncoded())).substring(0, 16);
    }

    /** What a checkpoint signature covers. */
    public static byte[] message(long treeSize, byte[] rootHash, Instant signedAt) {
        return ("corebank-audit-checkpoint/v1\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n"
                + signedAt + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public byte[] sign(long treeSize, byte[] rootHash, Instant signedAt) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        byte[] message = message(treeSize, rootHash, signedAt);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    /** Signs other text with the same key (the checkpoint's C2SP note, {@link CheckpointNote}). */
    byte[] signBytes(byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    static boolean verifyBytes(byte[] publicKey, byte[] message, byte[] signature) {
        if (signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    public byte[] publicKey() {
        return publicKey.getEncoded();
    }

    /** The first 16 hex digits of the public key's SHA-256: names the key in each checkpoint. */
    public String keyId() {
        return keyId;
    }

    public static boolean verify(byte[] publicKey, long treeSize, byte[] rootHash, Instant signedAt, byte[] signature) {
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        byte[] message = message(treeSize, rootHash, signedAt);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }
}
