package corebank.identity.mfa;

/** A sealed secret that cannot be opened: altered, another user's, another key's, or not ours at all. */
public final class SecretBoxException extends RuntimeException {
    public SecretBoxException(String message, Throwable cause) {
        super(message, cause);
    }
}
