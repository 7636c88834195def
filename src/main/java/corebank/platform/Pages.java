package corebank.platform;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * The one paging convention of every list the API answers: {@code limit} rows at a time (50
 * unless asked, at most a bound the list states, 200 for most), in a stable order with a unique
 * tiebreaker, and an opaque {@code nextCursor} that continues the same list (null on the last
 * page). A cursor carries only the sort key of the last row shown: the query keeps its own
 * filters (the caller's own rows), so a cursor from someone else positions the caller's list and
 * reveals nothing. A limit out of bounds or a cursor this API did not hand out is refused with
 * {@code validation_failed} naming the parameter.
 */
public final class Pages {

    public static final int SIZE_DEFAULT = 50;
    public static final int SIZE_MAX = 200;

    private static final String VERSION = "1";
    private static final char SEPARATOR = '\n';

    private Pages() {
    }

    /** A page of rows in list order and the cursor of the next page (null on the last). */
    public record Slice<T>(List<T> rows, String nextCursor) {
    }

    /** The page size asked for: {@link #SIZE_DEFAULT} without one, 1 to {@link #SIZE_MAX}. */
    public static int size(Integer limit) {
        return size(limit, SIZE_MAX);
    }

    /** The page size asked for: {@link #SIZE_DEFAULT} (or {@code max} when lower) without one, 1 to {@code max}. */
    public static int size(Integer limit, int max) {
        int size = limit == null ? Math.min(SIZE_DEFAULT, max) : limit;
        if (size < 1 || size > max) {
            throw new CorebankException(ErrorCode.VALIDATION_FAILED, "limit must be between 1 and " + max, "limit");
        }
        return size;
    }

    /**
     * The first {@code size} of {@code rows} (read with {@code size + 1}) and, when there was one
     * more, the cursor of the last row shown.
     */
    public static <T> Slice<T> slice(List<T> rows, int size, Function<T, String> cursorOf) {
        if (rows.size() <= size) {
            return new Slice<>(List.copyOf(rows), null);
        }
        List<T> page = List.copyOf(rows.subList(0, size));
        return new Slice<>(page, cursorOf.apply(page.get(size - 1)));
    }

    /** An opaque cursor of a row's sort key (each part free of control characters). */
    public static String cursor(Object... key) {
        StringBuilder text = new StringBuilder(VERSION);
        for (Object part : key) {
            text.append(SEPARATOR).append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The sort key of a cursor this API handed out, parsed by {@code parse} from its
     * {@code parts} parts; null without a cursor. Anything else, including a part {@code parse}
     * cannot read, is refused naming {@code cursor}.
     */
    public static <K> K key(String cursor, int parts, Function<String[], K> parse) {
        if (cursor == null) {
            return null;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Base64.getUrlDecoder().decode(cursor))).toString();
            String[] all = text.split(String.valueOf(SEPARATOR), -1);
            if (all.length != parts + 1 || !all[0].equals(VERSION) || text.chars().anyMatch(c -> c < 0x20 && c != SEPARATOR)) {
                throw refused();
            }
            String[] key = java.util.Arrays.copyOfRange(all, 1, all.length);
            K parsed = parse.apply(key);
            if (parsed == null) {
                throw refused();
            }
            return parsed;
        } catch (CharacterCodingException | RuntimeException e) {
            throw refused();
        }
    }

    /** The positive sequence number of a cursor made by {@code cursor(sequence)}; null without a cursor. */
    public static Long sequence(String cursor) {
        return key(cursor, 1, k -> {
            long value = Long.parseLong(k[0]);
            return value > 0 ? value : null;
        });
    }

    /** The cursor of a positive sequence number, or null when there is no next page. */
    public static String sequenceCursor(Long sequence) {
        return sequence == null ? null : cursor(sequence);
    }

    private static CorebankException refused() {
        return new CorebankException(ErrorCode.VALIDATION_FAILED, "cursor is not one this API handed out", "cursor");
    }
}
