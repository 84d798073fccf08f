package dev.syncr.api;

import java.util.List;

/**
 * A shared folder as you see it: where it is in your files and your role there. Its files count against the
 * owner's storage quota, whoever writes them.
 *
 * @param name the folder's name when it was shared
 * @param path where it sits in your files
 */
public record ShareView(long id, String name, String owner, String path, String role, List<ShareMember> members) {
}
