package corebank.web;

/**
 * Regular expressions that the request records' {@code @Pattern} constraints share. Each says
 * what the feature behind the edge refuses with {@code validation_failed} for that field, and
 * never more: the feature keeps its own check (callers other than HTTP), and a constraint
 * stricter than it would turn a request the engine accepts into a refusal.
 */
public final class RequestPatterns {

    /** No control characters other than tab: what the ledger's free-text fields refuse. */
    public static final String NO_CONTROL_CHARACTERS = "[^\\x00-\\x08\\x0A-\\x1F]*";

    /**
     * Optional text that, when given, is more than spaces and tabs and has no control characters
     * but tab. (The ledger also refuses other Unicode white space alone; it still does.)
     */
    public static final String PRESENT_NO_CONTROL_CHARACTERS = "(?=.*[^ \\t])" + NO_CONTROL_CHARACTERS;

    private RequestPatterns() {
    }
}
