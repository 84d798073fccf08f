package dev.syncr.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileIdTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "doc.txt",
            "docs/report.txt",
            "docs/document.pdf",
            "a/b/c/d/e.txt",
            ".bashrc",
            "folder/.hidden",
            "name with spaces.txt",
            "document (conflicted copy ClientB).txt",
            "...",
            "..hidden",
            "a.b.c",
            "日本語/ファイル.txt",
            "emoji 🎉.png",
            "trailing.",
            "-dash",
            "a/...",
    })
    void accepts_path_like_ids(String raw) {
        assertThat(FileId.of(raw).value()).isEqualTo(raw);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("", "empty"),
                Arguments.of("a\u0000b", "NUL"),
                Arguments.of("line\nbreak", "control character"),
                Arguments.of("tab\there", "control character"),
                Arguments.of("bell\u0007", "control character"),
                Arguments.of("del\u007f", "control character"),
                Arguments.of("c1\u0085", "control character"),
                Arguments.of("dir\\file.txt", "backslash"),
                Arguments.of("/etc/passwd", "starts with '/'"),
                Arguments.of("/", "starts with '/'"),
                Arguments.of("docs/", "ends with '/'"),
                Arguments.of("a//b", "empty segment"),
                Arguments.of(".", "'.' segment"),
                Arguments.of("..", "'..' segment"),
                Arguments.of("../x", "'..' segment"),
                Arguments.of("a/../b", "'..' segment"),
                Arguments.of("a/./b", "'.' segment"),
                Arguments.of("a/..", "'..' segment"),
                Arguments.of("x".repeat(1025), "longer than 1024"),
                Arguments.of("é".repeat(513), "longer than 1024"));
    }

    @ParameterizedTest
    @MethodSource("rejected")
    void rejects_ids_with_a_clear_reason(String raw, String reason) {
        assertThatThrownBy(() -> FileId.of(raw))
                .isInstanceOf(InvalidFileIdException.class)
                .hasMessageContaining(reason);
        assertThat(FileId.problemWith(raw)).contains(reason);
    }

    @Test
    void rejects_null() {
        assertThatThrownBy(() -> FileId.of(null)).isInstanceOf(InvalidFileIdException.class);
    }

    @Test
    void exactly_1024_utf8_bytes_is_allowed() {
        assertThat(FileId.of("x".repeat(1024)).value()).hasSize(1024);
        assertThat(FileId.of("é".repeat(512)).value()).hasSize(512);
    }

    @Test
    void unicode_is_normalized_to_nfc_so_one_name_is_one_file() {
        FileId composed = FileId.of("caf\u00e9.txt");
        FileId decomposed = FileId.of("cafe\u0301.txt");
        assertThat(decomposed).isEqualTo(composed);
        assertThat(decomposed.value()).isEqualTo("caf\u00e9.txt");
    }

    @Test
    void the_constructor_refuses_unnormalized_text_so_no_id_escapes_normalization() {
        assertThatThrownBy(() -> new FileId("cafe\u0301.txt")).isInstanceOf(InvalidFileIdException.class);
    }

    @Test
    void name_and_parent_split_at_the_last_slash() {
        FileId id = FileId.of("docs/2026/report.txt");
        assertThat(id.name()).isEqualTo("report.txt");
        assertThat(id.parent()).isEqualTo("docs/2026");
        assertThat(FileId.of("top.txt").parent()).isEmpty();
        assertThat(id.withName("other.txt")).isEqualTo(FileId.of("docs/2026/other.txt"));
    }
}
