package dev.syncr.server.dav;

import dev.syncr.core.FileVersion;
import dev.syncr.core.share.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.namespace.QName;

/**
 * The ownCloud/Nextcloud properties the Nextcloud clients ask for in a PROPFIND ({@code oc:} namespace), written
 * only when asked by name. What they mean to a client:
 * <ul>
 *   <li>{@code oc:id} / {@code oc:fileid}: the file's identity, the same after a rename (so the client moves its
 *   copy instead of downloading it again) and never another file's. A file's is its {@linkplain FileVersion#key()
 *   key}; a folder, which is not a versioned thing here, has one made from where it is.</li>
 *   <li>{@code oc:permissions}: what the caller may do, from their role: a viewer's files say {@code RG} only, so
 *   the client never tries a write the server would refuse.</li>
 *   <li>{@code oc:checksums}: the content's SHA-256, our content hash.</li>
 *   <li>{@code oc:size}: a file's size, a folder's total below it.</li>
 *   <li>{@code oc:data-fingerprint} (the root): the store's id; it changes only when the server's data is not the
 *   one the client synced with (a store restored from a backup, or another one), and the client then keeps its
 *   local changes as conflicts instead of taking the server's state as newer.</li>
 * </ul>
 */
final class OwnCloudProps {

    static final String NS = "http://owncloud.org/ns";
    /** Appended to a number to make an {@code oc:id}, as Nextcloud appends its instance id. */
    private static final String INSTANCE = "syncr";

    private OwnCloudProps() {
    }

    static QName oc(String name) {
        return new QName(NS, name);
    }

    /** The id a client sees for a file: its key, zero-padded as Nextcloud's are. */
    static String fileId(long key) {
        return String.format("%08d", key) + INSTANCE;
    }

    static Map<QName, Multistatus.Value> file(FileVersion v, Role role, boolean shared) {
        Map<QName, Multistatus.Value> props = new LinkedHashMap<>();
        props.put(oc("id"), Multistatus.Value.of(fileId(v.key())));
        props.put(oc("fileid"), Multistatus.Value.of(Long.toString(v.key())));
        props.put(oc("permissions"), Multistatus.Value.of(permissions(role, shared, false)));
        props.put(oc("size"), Multistatus.Value.of(Long.toString(v.size())));
        props.put(oc("checksums"), Multistatus.Value.stored("<oc:checksums xmlns:oc=\"" + NS + "\"><oc:checksum>SHA256:"
                + v.hash() + "</oc:checksum></oc:checksums>"));
        props.put(oc("downloadURL"), Multistatus.Value.EMPTY);
        props.put(oc("dDC"), Multistatus.Value.EMPTY);
        return props;
    }

    /**
     * A folder's, {@code where} naming it uniquely in the store (its namespace and path there): a folder keeps its id
     * while it stays where it is.
     */
    static Map<QName, Multistatus.Value> folder(String where, long size, Role role, boolean shared,
                                                String fingerprint) {
        Map<QName, Multistatus.Value> props = new LinkedHashMap<>();
        props.put(oc("id"), Multistatus.Value.of("d" + digest(where) + INSTANCE));
        props.put(oc("permissions"), Multistatus.Value.of(permissions(role, shared, true)));
        props.put(oc("size"), Multistatus.Value.of(Long.toString(size)));
        props.put(oc("downloadURL"), Multistatus.Value.EMPTY);
        props.put(oc("dDC"), Multistatus.Value.EMPTY);
        if (fingerprint != null) {
            props.put(oc("data-fingerprint"), Multistatus.Value.of(fingerprint));
        }
        return props;
    }

    /**
     * Nextcloud's letters: S shared with the caller, R reshare, G read, D delete, N rename, V move, W write (files),
     * C create files and K create folders (folders).
     */
    static String permissions(Role role, boolean shared, boolean folder) {
        String read = (shared ? "S" : "") + "G";
        if (role != null && !role.writes()) { // null: the caller's own files
            return read;
        }
        return read + "DNV" + (folder ? "CK" : "W");
    }

    private static String digest(String where) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(where.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Whether a PROPFIND asked for any of these by name (allprop does not include them, as in Nextcloud). */
    static boolean asked(PropfindBody body) {
        return body.kind() == PropfindBody.Kind.SOME && body.names().stream().anyMatch(n -> NS.equals(
                n.getNamespaceURI()));
    }
}
