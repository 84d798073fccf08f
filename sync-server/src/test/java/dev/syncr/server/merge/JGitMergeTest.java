package dev.syncr.server.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.syncr.core.ThreeWayMerge;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The merge's laws, on many random texts, and the cases people notice: line endings, the last newline, overlaps. */
class JGitMergeTest {

    private final JGitMerge merge = new JGitMerge();

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private String clean(String base, String head, String incoming) {
        ThreeWayMerge.Result result = merge.merge(bytes(base), bytes(head), bytes(incoming));
        assertThat(result).as("merge of\n%s\nwith\n%s", head, incoming).isInstanceOf(ThreeWayMerge.Clean.class);
        return new String(((ThreeWayMerge.Clean) result).merged(), StandardCharsets.UTF_8);
    }

    private static List<String> randomLines(Random random, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("line " + i + " " + Long.toHexString(random.nextLong()));
        }
        return lines;
    }

    /** Random edits: replaced, inserted and deleted lines. */
    private static List<String> edited(Random random, List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(copy.size() + 1);
            switch (random.nextInt(3)) {
                case 0 -> { if (at < copy.size()) copy.set(at, "changed " + random.nextInt()); }
                case 1 -> copy.add(at, "inserted " + random.nextInt());
                default -> { if (at < copy.size() && copy.size() > 1) copy.remove(at); }
            }
        }
        return copy;
    }

    private static String text(List<String> lines, String ending, boolean finalNewline) {
        String joined = String.join(ending, lines);
        return finalNewline ? joined + ending : joined;
    }

    @Test
    void one_side_unchanged_gives_the_other_side_exactly() {
        Random random = new Random(14);
        for (int run = 0; run < 300; run++) {
            String ending = random.nextBoolean() ? "\n" : "\r\n";
            boolean finalNewline = random.nextBoolean();
            List<String> baseLines = randomLines(random, 1 + random.nextInt(40));
            String base = text(baseLines, ending, finalNewline);
            String x = text(edited(random, baseLines), ending, random.nextBoolean());

            assertThat(clean(base, x, base)).isEqualTo(x);
            assertThat(clean(base, base, x)).isEqualTo(x);
            assertThat(clean(base, x, x)).isEqualTo(x);
        }
    }

    @Test
    void edits_far_apart_merge_and_the_result_holds_both() {
        Random random = new Random(1746);
        for (int run = 0; run < 200; run++) {
            List<String> base = randomLines(random, 30 + random.nextInt(30));
            int first = random.nextInt(10);
            int second = 20 + random.nextInt(base.size() - 20);
            List<String> head = new ArrayList<>(base);
            head.set(first, "head's edit");
            List<String> incoming = new ArrayList<>(base);
            incoming.set(second, "incoming edit");
            incoming.add("appended by incoming");
            List<String> expected = new ArrayList<>(incoming);
            expected.set(first, "head's edit");

            assertThat(clean(text(base, "\n", true), text(head, "\n", true), text(incoming, "\n", true)))
                    .isEqualTo(text(expected, "\n", true));
        }
    }

    @Test
    void crlf_endings_and_a_missing_final_newline_survive_a_merge() {
        String base = "one\r\ntwo\r\nthree\r\nfour\r\nfive";
        String head = "ONE\r\ntwo\r\nthree\r\nfour\r\nfive";
        String incoming = "one\r\ntwo\r\nthree\r\nfour\r\nFIVE";

        assertThat(clean(base, head, incoming)).isEqualTo("ONE\r\ntwo\r\nthree\r\nfour\r\nFIVE");
    }

    @Test
    void mixed_endings_come_through_as_each_side_wrote_them() {
        String base = "a\nb\nc\nd\ne\n";
        assertThat(clean(base, "A\r\nb\nc\nd\ne\n", "a\nb\nc\nd\nE\r\n")).isEqualTo("A\r\nb\nc\nd\nE\r\n");
    }

    @Test
    void edits_of_the_same_line_overlap_and_name_it() {
        String base = "one\ntwo\nthree\nfour\n";
        ThreeWayMerge.Result result = merge.merge(bytes(base), bytes("one\nTWO by A\nthree\nfour\n"),
                bytes("one\nTWO by B\nthree\nfour\n"));

        assertThat(result).isEqualTo(new ThreeWayMerge.Overlapping(List.of(new ThreeWayMerge.LineRange(2, 2))));
    }

    @Test
    void edits_of_adjacent_lines_are_not_clean() {
        String base = "one\ntwo\nthree\nfour\n";
        ThreeWayMerge.Result result = merge.merge(bytes(base), bytes("one\nTWO\nthree\nfour\n"),
                bytes("one\ntwo\nTHREE\nfour\n"));

        assertThat(result).isInstanceOf(ThreeWayMerge.Overlapping.class);
        assertThat(((ThreeWayMerge.Overlapping) result).regions()).containsExactly(new ThreeWayMerge.LineRange(2, 3));
    }

    @Test
    void only_utf8_without_nul_counts_as_text() {
        assertThat(ThreeWayMerge.isText(bytes("héllo\nwörld\n"))).isTrue();
        assertThat(ThreeWayMerge.isText(new byte[] {'a', 0, 'b'})).isFalse();
        assertThat(ThreeWayMerge.isText(new byte[] {(byte) 0xff, (byte) 0xfe, 'a'})).isFalse();
        assertThat(ThreeWayMerge.isText(new byte[0])).isTrue();
    }
}
