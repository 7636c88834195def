package corebank.support;

import corebank.platform.CorebankException;
import corebank.platform.ErrorCode;
import corebank.platform.Lifecycle;
import org.assertj.core.api.SoftAssertions;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Checks a state enum against its transition table, written out by the test: every pair of states. */
public final class Lifecycles {

    private Lifecycles() {
    }

    /**
     * Every move in {@code allowed} is allowed and answered; every other pair of states (staying
     * in a state included) is refused, by {@code canMoveTo} and by {@code requireTransition} with
     * {@code refusal} as a 409.
     */
    public static <S extends Enum<S> & Lifecycle<S>> void assertMoves(Class<S> type, Map<S, Set<S>> allowed, ErrorCode refusal) {
        SoftAssertions softly = new SoftAssertions();
        softly.assertThat(allowed.keySet()).as("the table names every state of %s", type.getSimpleName())
                .containsExactlyInAnyOrder(type.getEnumConstants());
        for (S from : type.getEnumConstants()) {
            Set<S> targets = allowed.getOrDefault(from, Set.of());
            softly.assertThat(from.isFinal()).as("%s is final", from).isEqualTo(targets.isEmpty());
            for (S to : EnumSet.allOf(type)) {
                boolean legal = targets.contains(to);
                softly.assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(legal);
                if (legal) {
                    softly.assertThat(from.requireTransition(to)).as("%s -> %s answers the new state", from, to).isEqualTo(to);
                } else {
                    CorebankException refused = catchThrowableOfType(() -> from.requireTransition(to, "the object", "status"),
                            CorebankException.class);
                    softly.assertThat(refused).as("%s -> %s is refused", from, to).isNotNull();
                    if (refused != null) {
                        softly.assertThat(refused.code()).as("%s -> %s code", from, to).isEqualTo(refusal);
                        softly.assertThat(refused.kind()).as("%s -> %s kind", from, to).isEqualTo(CorebankException.Kind.CONFLICT);
                        softly.assertThat(refused.field()).isEqualTo("status");
                        softly.assertThat(refused.detail()).isEqualTo("the object is " + from + " and cannot become " + to);
                    }
                }
            }
        }
        softly.assertAll();
    }
}
