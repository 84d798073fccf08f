package dev.syncr.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.syncr.core.ContentHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ContentCheckTest {

    final byte[] bytes = "the bytes the server stored".getBytes(StandardCharsets.UTF_8);
    final String hash = ContentHash.of(bytes);
    final String crc = crcOf(bytes);

    static String crcOf(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return String.format("%08x", crc.getValue());
    }

    static String run(ContentCheck check, byte[] bytes) throws IOException {
        check.update(bytes, 0, 5); // in pieces, as a download reads
        check.update(bytes, 5, bytes.length - 5);
        return check.verify("damaged");
    }

    @Test
    void with_a_crc32c_the_bytes_are_checked_against_it_and_the_servers_hash_is_theirs() throws IOException {
        assertThat(run(new ContentCheck(hash, crc.toUpperCase()), bytes)).isEqualTo(hash);
        byte[] flipped = bytes.clone();
        flipped[3] ^= 1;
        assertThatThrownBy(() -> run(new ContentCheck(hash, crc), flipped)).isInstanceOf(IOException.class)
                .hasMessage("damaged: CRC-32C " + crcOf(flipped) + ", expected " + crc);
    }

    @Test
    void without_one_the_sha256_is_computed_and_checked() throws IOException {
        assertThat(run(new ContentCheck(hash, null), bytes)).isEqualTo(hash);
        assertThat(run(new ContentCheck(null, null), bytes)).as("nothing to check against: what was received")
                .isEqualTo(hash);
        assertThat(run(new ContentCheck(null, crc), bytes)).as("a CRC-32C alone cannot vouch for a hash")
                .isEqualTo(hash);
        byte[] flipped = bytes.clone();
        flipped[3] ^= 1;
        assertThatThrownBy(() -> run(new ContentCheck(hash, null), flipped)).hasMessageStartingWith("damaged: hash ");
    }
}
