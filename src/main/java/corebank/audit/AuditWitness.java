package corebank.audit;

import corebank.platform.DataDirectory;
import corebank.platform.OwnerOnlyFiles;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The witness file: every checkpoint the sequencer signs is appended, after its transaction
 * committed, as a C2SP checkpoint note ({@link CheckpointNote}) to a file outside the database
 * ({@code corebank.audit.witness-file}, default {@code <data directory>/audit-witness/checkpoints.note}).
 * The database's superuser can rewrite every table but not this file, so a log rolled back
 * or rewritten in the database no longer extends the witnessed checkpoint, and verification
 * says so. The file is append-only by the engine's own code; an operator makes it so for
 * everyone (chattr +a, write-once storage, or by sending the notes to an external witness:
 * docs/operations.md, The audit log).
 */
@Singleton
public class AuditWitness {

    /** Bytes read from the end of the file to find the latest checkpoints. */
    static final int TAIL_BYTES = 16 * 1024;
    private static final Object APPEND = new Object();

    /** The latest checkpoint the file holds, or why the file cannot be trusted. */
    public record Latest(Optional<CheckpointNote> note, String problem) {
    }

    private final Path file;

    AuditWitness(@Value("${corebank.audit.witness-file}") String configured,
                 @Value("${corebank.data-directory:}") String dataDirectory) {
        this.file = configured == null || configured.isBlank()
                ? DataDirectory.resolve(dataDirectory).resolve("audit-witness").resolve("checkpoints.note")
                : Path.of(configured);
    }

    public Path file() {
        return file;
    }

    /** Appends one note and forces it to disk. */
    void append(CheckpointNote note) {
        synchronized (APPEND) {
            try {
                Path directory = file.toAbsolutePath().getParent();
                if (directory != null) {
                    OwnerOnlyFiles.createDirectories(directory);
                }
                // a note torn by a crash is closed first, so that it stays apart from this one
                String separator = endsTorn() ? "\n\n" : "";
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE)) {
                    channel.write(ByteBuffer.wrap((separator + note.text() + "\n").getBytes(StandardCharsets.UTF_8)));
                    channel.force(true);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the audit witness file " + file, e);
            }
        }
    }

    /** Whether the file has content that does not end like every whole append (a blank line). */
    private boolean endsTorn() throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            return false;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            if (in.length() < 2) {
                return true;
            }
            in.seek(in.length() - 2);
            return in.read() != '\n' || in.read() != '\n';
        }
    }

    /**
     * The largest checkpoint among the last notes of the file that name this key's log (notes of
     * another key, e.g. before a key rotation, are skipped); a note of this log whose signature
     * does not verify makes the file untrusted.
     */
    public Latest latest(byte[] publicKey) {
        return latestIn(tail(), publicKey, file.toString());
    }

    /** The same over notes from anywhere ({@code source} names them in a problem): the offline verifier's witness. */
    public static Latest latestIn(String notes, byte[] publicKey, String source) {
        String origin = CheckpointNote.originFor(publicKey);
        CheckpointNote best = null;
        for (String note : CheckpointNote.split(notes)) {
            if (!note.startsWith(origin + "\n")) {
                continue;
            }
            Optional<CheckpointNote> opened = CheckpointNote.open(note, publicKey);
            if (opened.isEmpty() && !CheckpointNote.whole(note, origin)) {
                continue; // torn by a crash while it was appended: it claims nothing
            }
            if (opened.isEmpty()) {
                return new Latest(Optional.ofNullable(best), "a checkpoint of this log in the witness file " + source
                        + " does not verify with its public key");
            }
            if (best == null || opened.get().treeSize() > best.treeSize()) {
                best = opened.get();
            }
        }
        return new Latest(Optional.ofNullable(best), null);
    }

    private String tail() {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long from = Math.max(0, length - TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (from > 0) {
                // start at a note's first line: after the first signature line's block
                int at = text.indexOf("\n\n", text.indexOf(CheckpointNote.SIGNATURE_PREFIX) + 1);
                text = at < 0 ? "" : text.substring(at + 2);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit witness file " + file, e);
        }
    }
}
