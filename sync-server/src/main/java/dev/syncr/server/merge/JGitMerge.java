package dev.syncr.server.merge;

import dev.syncr.core.ThreeWayMerge;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.eclipse.jgit.merge.MergeAlgorithm;
import org.eclipse.jgit.merge.MergeChunk;
import org.eclipse.jgit.merge.MergeResult;

/**
 * The 3-way merge git does, through JGit's {@link MergeAlgorithm} on bytes (no repository): histogram diff, and edits
 * on the same or adjacent lines are a conflict. A clean result is rebuilt from the inputs' own lines, so line endings
 * and a missing final newline come through as each side wrote them.
 */
public final class JGitMerge implements ThreeWayMerge {

    @Override
    public Result merge(byte[] base, byte[] head, byte[] incoming) {
        DiffAlgorithm diff = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM);
        Text[] texts = {new Text(base), new Text(head), new Text(incoming)};
        MergeResult<RawText> result = new MergeAlgorithm(diff).merge(RawTextComparator.DEFAULT, texts[0], texts[1],
                texts[2]);
        if (result.containsConflicts()) {
            return new Overlapping(overlaps(diff.diff(RawTextComparator.DEFAULT, texts[0], texts[1]),
                    diff.diff(RawTextComparator.DEFAULT, texts[0], texts[2])));
        }
        ByteArrayOutputStream merged = new ByteArrayOutputStream(Math.max(head.length, incoming.length));
        for (MergeChunk chunk : result) {
            Text text = texts[chunk.getSequenceIndex()];
            for (int line = chunk.getBegin(); line < chunk.getEnd(); line++) {
                text.writeLineAsIs(merged, line);
            }
        }
        return new Clean(merged.toByteArray());
    }

    /** Text whose lines can be copied out byte for byte, ending included (or none, for a last line without). */
    private static final class Text extends RawText {
        Text(byte[] content) {
            super(content);
        }

        void writeLineAsIs(ByteArrayOutputStream out, int line) {
            // lines holds a sentinel, then each line's start, then the content's end
            int start = lines.get(line + 1);
            int end = lines.get(line + 2);
            out.write(content, start, end - start);
        }
    }

    /** The base lines both sides changed (or changed next to each other), as merged, ordered regions. */
    private static List<LineRange> overlaps(EditList head, EditList incoming) {
        List<int[]> spans = new ArrayList<>();
        for (Edit a : head) {
            for (Edit b : incoming) {
                if (a.getBeginA() <= b.getEndA() && b.getBeginA() <= a.getEndA()) {
                    spans.add(new int[] {Math.min(a.getBeginA(), b.getBeginA()), Math.max(a.getEndA(), b.getEndA())});
                }
            }
        }
        spans.sort((x, y) -> Integer.compare(x[0], y[0]));
        List<LineRange> regions = new ArrayList<>();
        int[] current = null;
        for (int[] span : spans) {
            if (current != null && span[0] <= current[1]) {
                current[1] = Math.max(current[1], span[1]);
            } else {
                if (current != null) {
                    regions.add(new LineRange(current[0] + 1, current[1]));
                }
                current = span;
            }
        }
        if (current != null) {
            regions.add(new LineRange(current[0] + 1, current[1]));
        }
        return regions;
    }
}
