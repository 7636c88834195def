package corebank.identity.mfa;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

import java.util.function.Supplier;

/** The HMAC digests RFC 6238 allows; the names are those of the otpauth URI's {@code algorithm} parameter. */
public enum TotpAlgorithm {
    SHA1(SHA1Digest::new),
    SHA256(SHA256Digest::new),
    SHA512(SHA512Digest::new);

    private final Supplier<Digest> digests;

    TotpAlgorithm(Supplier<Digest> digests) {
        this.digests = digests;
    }

    /** A fresh digest: BouncyCastle digests keep state, so one is never shared between calls. */
    Digest newDigest() {
        return digests.get();
    }
}
