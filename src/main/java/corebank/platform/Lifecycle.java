package corebank.platform;

/**
 * A state of a lifecycle (an enum of named states) and the moves it allows. Staying in a state
 * is not a move: {@code canMoveTo(this)} is false, and callers that may be asked twice treat it
 * as done. Each such enum has a database twin: a CHECK constraint that lists exactly its states
 * and a trigger that refuses every move {@link #canMoveTo} refuses (db/changes/009-state-machines.sql;
 * the holds keep their own trigger from 001). StateMachinesDatabaseTest checks that both agree.
 */
public interface Lifecycle<S extends Enum<S> & Lifecycle<S>> {

    boolean canMoveTo(S next);

    /** The code a refused move answers; a state machine a client can see may keep its own. */
    default ErrorCode refusal() {
        return ErrorCode.INVALID_STATE_TRANSITION;
    }

    /** No move leaves this state. */
    default boolean isFinal() {
        for (S next : ((Enum<S>) this).getDeclaringClass().getEnumConstants()) {
            if (canMoveTo(next)) {
                return false;
            }
        }
        return true;
    }

    /** Answers {@code next}, or refuses the move with {@link #refusal()}. */
    default S requireTransition(S next) {
        return requireTransition(next, "it", null);
    }

    /**
     * Answers {@code next}, or refuses the move with {@link #refusal()}: "{subject} is {this}
     * and cannot become {next}", naming the request field at fault.
     */
    default S requireTransition(S next, String subject, String field) {
        if (!canMoveTo(next)) {
            throw new CorebankException(refusal(), subject + " is " + this + " and cannot become " + next, field);
        }
        return next;
    }
}
