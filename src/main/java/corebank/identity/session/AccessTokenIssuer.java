package corebank.identity.session;

import corebank.identity.IdentityKeys;
import corebank.identity.LoginSettings;
import corebank.identity.user.Role;
import corebank.identity.user.User;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.token.generator.TokenGenerator;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * Signs short-lived access tokens (JWT, HS256, through Micronaut Security's token generator)
 * carrying the user, their roles and the session id, and derives the session's CSRF token.
 */
@Singleton
public class AccessTokenIssuer {

    public static final String SESSION_CLAIM = "sid";
    public static final String CUSTOMER_CLAIM = "cust";
    public static final String USER_ID_CLAIM = "uid";

    private final TokenGenerator tokenGenerator;
    private final LoginSettings settings;
    private final byte[] csrfKey;

    AccessTokenIssuer(TokenGenerator tokenGenerator, LoginSettings settings, @Named(IdentityKeys.CSRF_KEY) byte[] csrfKey) {
        this.tokenGenerator = tokenGenerator;
        this.settings = settings;
        this.csrfKey = csrfKey;
    }

    String issue(User user, UUID sessionId) {
        Map<String, Object> attributes = new java.util.HashMap<>();
        attributes.put(SESSION_CLAIM, sessionId.toString());
        attributes.put(USER_ID_CLAIM, user.id().toString());
        if (user.customerRef() != null) {
            attributes.put(CUSTOMER_CLAIM, user.customerRef());
        }
        Authentication authentication = Authentication.build(user.username(),
                new ArrayList<>(user.roles().stream().map(Role::name).toList()), attributes);
        return tokenGenerator.generateToken(authentication, settings.accessTokenSeconds())
                .orElseThrow(() -> new IllegalStateException("no access token generator configured"));
    }

    public String csrfToken(UUID sessionId) {
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(csrfKey));
        byte[] input = ("csrf:" + sessionId).getBytes(StandardCharsets.UTF_8);
        mac.update(input, 0, input.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    public boolean csrfTokenMatches(UUID sessionId, String presented) {
        return presented != null && MessageDigest.isEqual(csrfToken(sessionId).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }
}
