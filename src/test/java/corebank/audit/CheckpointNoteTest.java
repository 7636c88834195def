package corebank.audit;

import corebank.support.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The witness file's C2SP notes: their exact layout, the signature over the text with the C2SP
 * key hash, a forged note refused, and a note torn by a crash neither trusted nor harmful.
 */
class CheckpointNoteTest {

    @TempDir
    Path dir;

    private final AuditSigner signer = new AuditSigner(TestKeys.PROPERTIES.get("corebank.audit.signing-key"));

    @Test
    void aNoteIsTheC2spCheckpointSignedOverItsText() {
        byte[] root = MerkleTree.leafHash("x".getBytes(StandardCharsets.UTF_8));
        CheckpointNote note = CheckpointNote.sign(signer, 42, root);
        String origin = CheckpointNote.originFor(signer.publicKey());
        String[] lines = note.text().split("\n", -1);
        assertThat(lines[0]).isEqualTo(origin);
        assertThat(lines[1]).isEqualTo("42");
        assertThat(lines[2]).isEqualTo(Base64.getEncoder().encodeToString(root));
        assertThat(lines[3]).isEmpty();
        assertThat(lines[4]).startsWith("\u2014 " + origin + " ");
        byte[] signed = Base64.getDecoder().decode(lines[4].substring(("\u2014 " + origin + " ").length()));
        assertThat(signed).hasSize(4 + 64);
        byte[] body = (lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n").getBytes(StandardCharsets.UTF_8);
        assertThat(AuditSigner.verifyBytes(signer.publicKey(), body, java.util.Arrays.copyOfRange(signed, 4, 68))).isTrue();
        assertThat(CheckpointNote.open(note.text(), signer.publicKey())).get().extracting(CheckpointNote::treeSize).isEqualTo(42L);
        assertThat(CheckpointNote.open(note.text().replace("\n42\n", "\n43\n"), signer.publicKey())).isEmpty();
    }

    @Test
    void theWitnessKeepsTheLargestCheckpointAndSurvivesATornWrite() throws Exception {
        Path file = dir.resolve("w/checkpoints.note");
        AuditWitness witness = new AuditWitness(file.toString(), "");
        witness.append(CheckpointNote.sign(signer, 5, MerkleTree.emptyRoot()));
        witness.append(CheckpointNote.sign(signer, 9, MerkleTree.emptyRoot()));
        String torn = CheckpointNote.sign(signer, 12, MerkleTree.emptyRoot()).text();
        Files.writeString(file, torn.substring(0, torn.length() - 30), StandardOpenOption.APPEND);
        assertThat(witness.latest(signer.publicKey()).problem()).isNull();
        assertThat(witness.latest(signer.publicKey()).note()).get().extracting(CheckpointNote::treeSize).isEqualTo(9L);
        Files.writeString(file, "corebank.audit/", StandardOpenOption.APPEND);
        witness.append(CheckpointNote.sign(signer, 14, MerkleTree.emptyRoot()));
        AuditWitness.Latest latest = witness.latest(signer.publicKey());
        assertThat(latest.problem()).isNull();
        assertThat(latest.note()).get().extracting(CheckpointNote::treeSize).isEqualTo(14L);

        String forged = CheckpointNote.sign(signer, 99, MerkleTree.emptyRoot()).text().replace("\n99\n", "\n98\n");
        Files.writeString(file, forged + "\n", StandardOpenOption.APPEND);
        assertThat(witness.latest(signer.publicKey()).problem()).contains("does not verify");
    }
}
