package dev.syncr.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.chunk.RunningHash;
import org.junit.jupiter.api.Test;

/** The running hashes of uploads under way are bounded, and one account's uploads never push out another's. */
class RunningHashesTest {

    final RunningHashes uploads = new RunningHashes();
    final Namespace alice = new Namespace("alice");
    final Namespace bob = new Namespace("bob");

    @Test
    void an_upload_is_found_again_by_its_namespace_and_name_only_and_taken_once() {
        RunningHash hash = uploads.of(alice, "u");
        assertThat(uploads.of(alice, "u")).isSameAs(hash);
        assertThat(uploads.take(bob, "u")).isEmpty();
        assertThat(uploads.take(alice, "u")).containsSame(hash);
        assertThat(uploads.take(alice, "u")).isEmpty();
    }

    @Test
    void an_account_past_its_share_loses_its_own_oldest_uploads_not_anyone_elses() {
        RunningHash bobs = uploads.of(bob, "b");
        for (int i = 0; i < RunningHashes.PER_NAMESPACE + 5; i++) {
            uploads.of(alice, "a" + i);
        }
        assertThat(uploads.take(bob, "b")).containsSame(bobs);
        assertThat(uploads.take(alice, "a0")).as("alice's oldest").isEmpty();
        assertThat(uploads.take(alice, "a" + (RunningHashes.PER_NAMESPACE + 4))).isPresent();
    }

    @Test
    void the_server_holds_a_bounded_number_in_all() {
        for (int i = 0; i < RunningHashes.ALL + 10; i++) {
            uploads.of(new Namespace("user" + i), "u");
        }
        assertThat(uploads.take(new Namespace("user0"), "u")).as("the least recently used").isEmpty();
        assertThat(uploads.take(new Namespace("user" + (RunningHashes.ALL + 9)), "u")).isPresent();
    }
}
