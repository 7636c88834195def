package corebank.audit;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The offline verifier's balance check: sums the postings of the journal entries in an export
 * per account (from their canonical JSON, the same text whose leaves were checked) and compares
 * them with the accounts' stored totals that the export carries.
 */
final class PostingTotals {

    private static final Pattern POSTING = Pattern.compile("\"account\":\"([^\"]*)\",\"side\":\"([DC])\",\"amountMinor\":(\\d+)");
    private static final Pattern NUMBER = Pattern.compile("^\\{\"leaf\":\"[^\"]+\",\"id\":\\d+,\"number\":\"([^\"]*)\"");

    private final Map<String, long[]> sums = new HashMap<>();
    private final Map<String, Long> positions = new HashMap<>();

    void accept(LogVerifier.Entry leaf) {
        if (leaf.canonical() == null) {
            return;
        }
        if (leaf.subject() == SealedLeaf.Subject.ENTRY) {
            Matcher m = POSTING.matcher(leaf.canonical());
            while (m.find()) {
                long[] s = sums.computeIfAbsent(m.group(1), k -> new long[3]);
                s[m.group(2).equals("D") ? 0 : 1] += Long.parseLong(m.group(3));
                s[2]++;
            }
        } else if (leaf.subject() == SealedLeaf.Subject.ACCOUNT) {
            Matcher m = NUMBER.matcher(leaf.canonical());
            if (m.find()) {
                positions.put(m.group(1), leaf.position());
            }
        }
    }

    /** Reports an account whose stored totals are not its sealed postings plus the later ones. */
    void check(LogExportFormat.Balance b, LogVerifier verifier, long treeSize) {
        long[] s = sums.getOrDefault(b.account(), new long[3]);
        long debits = s[0] + b.laterDebits();
        long credits = s[1] + b.laterCredits();
        long count = s[2] + b.laterCount();
        if (debits != b.debitsPosted() || credits != b.creditsPosted() || count != b.postingCount()) {
            verifier.problemAt(positions.getOrDefault(b.account(), treeSize), JournalStore.balanceProblem(b.account(),
                    b.debitsPosted(), debits, b.creditsPosted(), credits, b.postingCount(), count));
        }
    }
}
