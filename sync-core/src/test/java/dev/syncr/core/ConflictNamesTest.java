package dev.syncr.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConflictNamesTest {

    static Stream<Arguments> names() {
        return Stream.of(
                // the seed's own example
                Arguments.of("document.txt", "ClientB", "document (conflicted copy ClientB).txt"),
                Arguments.of("docs/report.txt", "ClientB", "docs/report (conflicted copy ClientB).txt"),
                // before the LAST extension
                Arguments.of("archive.tar.gz", "B", "archive.tar (conflicted copy B).gz"),
                Arguments.of("my.notes.v2.md", "B", "my.notes.v2 (conflicted copy B).md"),
                // dotfiles and names without extension: at the end
                Arguments.of(".bashrc", "B", ".bashrc (conflicted copy B)"),
                Arguments.of("config/.env", "B", "config/.env (conflicted copy B)"),
                Arguments.of("Makefile", "B", "Makefile (conflicted copy B)"),
                Arguments.of("bin/run", "B", "bin/run (conflicted copy B)"),
                Arguments.of(".config.json", "B", ".config (conflicted copy B).json"),
                // dots in folders do not count as extensions
                Arguments.of("v1.2/README", "B", "v1.2/README (conflicted copy B)"),
                // client names made safe
                Arguments.of("doc.txt", "Alice's Laptop", "doc (conflicted copy Alice's Laptop).txt"),
                Arguments.of("doc.txt", "home/desk", "doc (conflicted copy home_desk).txt"),
                Arguments.of("doc.txt", "back\\slash", "doc (conflicted copy back_slash).txt"),
                Arguments.of("doc.txt", "paren(s)", "doc (conflicted copy paren_s_).txt"),
                Arguments.of("doc.txt", "tab\there", "doc (conflicted copy tab_here).txt"),
                Arguments.of("doc.txt", "  spaced   out  ", "doc (conflicted copy spaced out).txt"),
                Arguments.of("doc.txt", "", "doc (conflicted copy unknown).txt"),
                Arguments.of("doc.txt", null, "doc (conflicted copy unknown).txt"),
                Arguments.of("doc.txt", "../../etc", "doc (conflicted copy .._.._etc).txt"),
                // a conflicted copy conflicting again does not nest
                Arguments.of("document (conflicted copy ClientB).txt", "ClientC",
                        "document (conflicted copy ClientC).txt"),
                Arguments.of("document (conflicted copy ClientB 2026-11-23).txt", "ClientB",
                        "document (conflicted copy ClientB).txt"),
                Arguments.of(".bashrc (conflicted copy A)", "B", ".bashrc (conflicted copy B)"),
                // unicode names
                Arguments.of("日本語.txt", "クライアント", "日本語 (conflicted copy クライアント).txt"),
                Arguments.of("trailing.", "B", "trailing (conflicted copy B)."));
    }

    @ParameterizedTest
    @MethodSource("names")
    void names_a_conflicted_copy(String original, String client, String expected) {
        assertThat(ConflictNames.conflictedCopy(FileId.of(original), client).value()).isEqualTo(expected);
    }

    @Test
    void a_date_may_follow_the_client_name() {
        FileId copy = ConflictNames.conflictedCopy(FileId.of("document.txt"), "ClientB",
                LocalDate.of(2026, 11, 24), id -> false);
        assertThat(copy.value()).isEqualTo("document (conflicted copy ClientB 2026-11-24).txt");
    }

    @Test
    void a_taken_name_gets_the_next_counter() {
        Set<String> taken = Set.of("document (conflicted copy ClientB).txt",
                "document (conflicted copy ClientB 2).txt");
        FileId copy = ConflictNames.conflictedCopy(FileId.of("document.txt"), "ClientB",
                id -> taken.contains(id.value()));
        assertThat(copy.value()).isEqualTo("document (conflicted copy ClientB 3).txt");
    }

    @Test
    void the_counter_also_works_with_a_date_and_without_an_extension() {
        Set<String> taken = Set.of("Makefile (conflicted copy B 2026-11-24)");
        FileId copy = ConflictNames.conflictedCopy(FileId.of("Makefile"), "B", LocalDate.of(2026, 11, 24),
                id -> taken.contains(id.value()));
        assertThat(copy.value()).isEqualTo("Makefile (conflicted copy B 2026-11-24 2)");
    }

    @Test
    void three_conflicts_in_a_row_never_nest() {
        FileId name = FileId.of("notes.md");
        java.util.Set<FileId> existing = new java.util.HashSet<>(Set.of(name));
        for (int i = 0; i < 3; i++) {
            name = ConflictNames.conflictedCopy(name, "B", existing::contains);
            existing.add(name);
        }
        assertThat(name.value()).isEqualTo("notes (conflicted copy B 3).md");
        assertThat(name.value().split("conflicted copy", -1)).hasSize(2);
    }

    @Test
    void a_very_long_name_is_shortened_to_stay_a_valid_id() {
        FileId original = FileId.of("d/" + "x".repeat(1010) + ".txt");
        FileId copy = ConflictNames.conflictedCopy(original, "ClientB");
        assertThat(copy.value().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(FileId.MAX_UTF8_BYTES);
        assertThat(copy.value()).startsWith("d/x").endsWith(" (conflicted copy ClientB).txt");
    }

    @Test
    void a_very_long_client_name_is_cut() {
        String copy = ConflictNames.conflictedCopy(FileId.of("a.txt"), "n".repeat(500)).value();
        assertThat(copy).isEqualTo("a (conflicted copy " + "n".repeat(64) + ").txt");
    }

    @Test
    void recognizes_conflicted_copies() {
        assertThat(ConflictNames.isConflictedCopy(FileId.of("document (conflicted copy ClientB).txt"))).isTrue();
        assertThat(ConflictNames.isConflictedCopy(FileId.of(".bashrc (conflicted copy B 2)"))).isTrue();
        assertThat(ConflictNames.isConflictedCopy(FileId.of("document.txt"))).isFalse();
        assertThat(ConflictNames.isConflictedCopy(FileId.of("my (copy).txt"))).isFalse();
    }
}
