package corebank.identity;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * The per-username limit on failed logins, held in the database so that it holds across every
 * engine instance and every client address (a distributed guess against one user is slowed too).
 *
 * @param failuresPerWindow failed password steps for one username (known or not) within a window
 *                          before further attempts answer 429 until the window ends
 * @param windowSeconds     length of a window, from its first failure
 */
@ConfigurationProperties("corebank.identity.username-throttle")
public record UsernameThrottleSettings(int failuresPerWindow, int windowSeconds) {
    public UsernameThrottleSettings {
        if (failuresPerWindow < 1 || windowSeconds < 1) {
            throw new IllegalArgumentException("corebank.identity.username-throttle: bad bounds " + this);
        }
    }
}
