package dev.syncr.core.share;

import dev.syncr.core.FileId;
import dev.syncr.core.Namespace;

/**
 * A shared folder as one user sees it: the namespace holding its files, where it sits in the user's tree, and what
 * the user may do there.
 *
 * @param path     the folder's path in the user's tree ({@code Project}): its files are {@code Project/…}
 * @param shareId  the share's id in the API
 * @param owner    the account whose quota the folder's files count against, whoever writes them
 * @param quota    what the owner's files may hold
 */
public record Mount(FileId path, long shareId, Namespace namespace, Role role, String owner, long quota) {

    /** Whether {@code id} is inside this folder (not the folder itself). */
    public boolean contains(FileId id) {
        return id.value().startsWith(path.value() + "/");
    }

    /** The path of {@code id} inside the folder's namespace. */
    public FileId inner(FileId id) {
        return FileId.of(id.value().substring(path.value().length() + 1));
    }

    /** The path of one of the folder's files in the user's tree. */
    public FileId outer(FileId inner) {
        return FileId.of(path.value() + "/" + inner.value());
    }
}
