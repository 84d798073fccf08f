package dev.syncr.client.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * What {@code syncr login} remembers: the server, the user and the device token, in {@code login.json} under the
 * user's config directory ({@code $SYNCR_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/syncr}, else
 * {@code ~/.config/syncr}), readable by its owner only, like ssh keys. One login at a time; {@code SYNCR_TOKEN}
 * overrides the token.
 *
 * @param caCert the {@code --ca-cert} given at login, used again for this server; may be null
 */
record SavedLogin(String server, String user, String token, String tokenId, String caCert) {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "login.json";

    @Override
    public String toString() {
        return "SavedLogin[server=" + server + ", user=" + user + ", tokenId=" + tokenId + "]"; // never the token
    }

    /** Whether this login is for {@code uri} (trailing slashes aside). */
    boolean isFor(URI uri) {
        return normalize(server).equals(normalize(uri.toString()));
    }

    static String normalize(String url) {
        return url.endsWith("/") ? url : url + "/";
    }

    static Path directory() {
        String explicit = System.getProperty("syncr.config.dir", System.getenv("SYNCR_CONFIG_DIR"));
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "syncr");
        }
        return Path.of(System.getProperty("user.home"), ".config", "syncr");
    }

    static Optional<SavedLogin> load() throws IOException {
        Path file = directory().resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(JSON.readValue(file.toFile(), SavedLogin.class));
    }

    /** Writes the login owner-only and atomically: a crash leaves the old login or the new one, never half. */
    void save() throws IOException {
        Path dir = directory();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (!Files.exists(dir)) {
            if (posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
        }
        Path temp = posix ? Files.createTempFile(dir, "login", ".tmp", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"))) : Files.createTempFile(dir, "login", ".tmp");
        try {
            Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this));
            try {
                Files.move(temp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static boolean forget() throws IOException {
        return Files.deleteIfExists(directory().resolve(FILE));
    }
}
