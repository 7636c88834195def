package corebank.cash;

import io.micronaut.serde.annotation.Serdeable;

import java.util.UUID;

/**
 * The member of staff calling, as the HTTP edge authenticated them: a teller works from their
 * own tills only; a supervisor also sees (never works) every other teller's.
 */
public record Staff(UUID userId, String username, boolean supervisor) {
}
