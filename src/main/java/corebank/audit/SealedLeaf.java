package corebank.audit;

/**
 * One position of the tamper-evident log as found now: the leaf sealed there, what it seals
 * ({@link Subject}) and that subject's canonical JSON recomputed from its rows today (null when
 * the row is gone). The verifiers hash {@code canonical} and compare it with {@code leafHash}.
 */
public record SealedLeaf(long position, byte[] leafHash, Subject subject, String subjectId, String canonical) {

    /** What a log position seals; {@code wire} is the key of the export line. */
    public enum Subject {
        EVENT("event", "audit event"),
        ENTRY("entry", "journal entry"),
        ACCOUNT("account", "account");

        public final String wire;
        public final String label;

        Subject(String wire, String label) {
            this.wire = wire;
            this.label = label;
        }

        public static Subject ofWire(String wire) {
            for (Subject s : values()) {
                if (s.wire.equals(wire)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("no log subject " + wire);
        }
    }
}
