package corebank.identity.password;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which rules a new password breaks. Length and "not a known-common password" only, with no
 * composition rules (upper/digit/symbol): NIST SP 800-63B §3.1.1 and OWASP ASVS V2.1 found those
 * push people to predictable patterns such as "Password1!" rather than to stronger passwords.
 */
@Singleton
public final class PasswordPolicy {

    public static final String TOO_SHORT = "password_too_short";
    public static final String TOO_LONG = "password_too_long";
    public static final String COMMON = "password_common";
    public static final String CONTAINS_USERNAME = "password_contains_username";

    /** Counted in Unicode code points, so an emoji or a CJK character is one character, as the user sees it. */
    public static final int LENGTH_MIN = 12;
    /** Long enough for any passphrase; the cap bounds the hashing work one request can cause. */
    public static final int LENGTH_MAX = 128;
    /** Shorter identifiers (a username "al") would forbid too many unrelated passwords to be worth checking. */
    static final int IDENTIFIER_LENGTH_MIN = 3;

    static final String COMMON_PASSWORDS_RESOURCE = "/identity/common-passwords.txt";

    private final Set<String> commonPasswords;

    public PasswordPolicy() {
        this.commonPasswords = loadCommonPasswords();
    }

    /**
     * The rules {@code password} breaks for this user; empty when it is acceptable.
     *
     * @param email may be null; its local part (before the @) is checked as well as the whole address
     */
    public List<PolicyViolation> check(char[] password, String username, @Nullable String email) {
        // A String copy is unavoidable for the set look-up; it lives only for this call.
        String candidate = new String(password);
        String lower = candidate.toLowerCase(Locale.ROOT);
        int length = candidate.codePointCount(0, candidate.length());
        List<PolicyViolation> violations = new ArrayList<>();
        if (length < LENGTH_MIN) {
            violations.add(new PolicyViolation(TOO_SHORT, "password must have at least " + LENGTH_MIN + " characters"));
        }
        if (length > LENGTH_MAX) {
            violations.add(new PolicyViolation(TOO_LONG, "password must have at most " + LENGTH_MAX + " characters"));
        }
        if (commonPasswords.contains(lower)) {
            violations.add(new PolicyViolation(COMMON, "password is one of the most commonly used passwords"));
        }
        if (containsIdentifier(lower, username, email)) {
            violations.add(new PolicyViolation(CONTAINS_USERNAME, "password must not contain the username or email address"));
        }
        return List.copyOf(violations);
    }

    int commonPasswordCount() {
        return commonPasswords.size();
    }

    private static boolean containsIdentifier(String lowerPassword, String username, @Nullable String email) {
        List<String> identifiers = new ArrayList<>();
        identifiers.add(username);
        if (email != null) {
            identifiers.add(email);
            int at = email.lastIndexOf('@');
            if (at > 0) {
                identifiers.add(email.substring(0, at));
            }
        }
        for (String identifier : identifiers) {
            if (identifier == null) {
                continue;
            }
            String lower = identifier.strip().toLowerCase(Locale.ROOT);
            if (lower.codePointCount(0, lower.length()) >= IDENTIFIER_LENGTH_MIN && lowerPassword.contains(lower)) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> loadCommonPasswords() {
        InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS_RESOURCE);
        if (in == null) {
            // Without the list the policy would silently accept "password1234"; refuse to start instead.
            throw new IllegalStateException("missing classpath resource " + COMMON_PASSWORDS_RESOURCE);
        }
        Set<String> passwords = new HashSet<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    passwords.add(line.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + COMMON_PASSWORDS_RESOURCE, e);
        }
        return Set.copyOf(passwords);
    }
}
