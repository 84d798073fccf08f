package dev.syncr.core;

import java.util.regex.Pattern;

/**
 * A private space of files. Every file lives in exactly one namespace; the same file id in two namespaces is two
 * unrelated files. A user's home is a namespace; a shared folder will be one that several users are members of. A
 * store seen {@link MetadataStore#in in} one namespace never reads or writes another's files: that is where isolation
 * is enforced, below the HTTP edge.
 *
 * @param id lower-case letters, digits and dashes: it is part of every row key and never shown to other users
 */
public record Namespace(String id) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** Never part of a {@link FileId}, so a row key cannot be forged from inside any namespace. */
    private static final char SEPARATOR = '\\';

    /** The one namespace of a server without accounts (the open local mode), and of embedded use. */
    public static final Namespace LOCAL = new Namespace("local");

    public Namespace {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a namespace id is 1-63 lower-case letters, digits or dashes: " + id);
        }
    }

    /** How stores key a file of this namespace: {@code \local\docs/a.txt}. */
    public String rowKey(FileId file) {
        return rowPrefix() + file.value();
    }

    /** The start every row key of this namespace, and no other namespace's, has. */
    public String rowPrefix() {
        return SEPARATOR + id + SEPARATOR;
    }

    /** The file id of one of this namespace's row keys. */
    public FileId fileOf(String rowKey) {
        if (!rowKey.startsWith(rowPrefix())) {
            throw new IllegalStateException("row " + rowKey + " is not in namespace " + id);
        }
        return FileId.of(rowKey.substring(rowPrefix().length()));
    }
}
