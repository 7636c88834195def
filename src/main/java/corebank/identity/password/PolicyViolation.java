package corebank.identity.password;

/**
 * One password rule a candidate password breaks.
 *
 * @param code    stable machine-readable code, for clients to map to their own text
 * @param message English explanation, for humans and logs (never contains the password)
 */
public record PolicyViolation(String code, String message) {
}
