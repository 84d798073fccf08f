package dev.syncr.client.folder;

import dev.syncr.core.FileId;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The naming rules of the file system a synced folder lives on. A file id is any name the server accepts; not every
 * file system can hold it: Windows refuses {@code aux.txt}, {@code a.} and {@code C:/x}, and macOS and Windows store
 * {@code Readme.md} and {@code README.md} (macOS also {@code café} in its two Unicode forms) as one file, so writing
 * the second would overwrite the first. A name a folder cannot hold is left alone with a warning: the server keeps
 * it, nothing is deleted, and devices that can hold it still sync it.
 */
public enum LocalNames {

    /** Linux and other Unix file systems: any name up to 255 bytes; case and Unicode forms are distinct. */
    POSIX,
    /** APFS and HFS+ as macOS formats them: case-insensitive, and blind to Unicode normalization (NFC vs NFD). */
    MACOS,
    /** NTFS as Windows uses it: case-insensitive, reserved device names, no {@code <>:"|?*}, no trailing dot or space. */
    WINDOWS;

    private static final Set<String> WINDOWS_DEVICES = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3",
            "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7",
            "LPT8", "LPT9");
    private static final String WINDOWS_FORBIDDEN = "<>:\"|?*";
    private static final int MAX_NAME = 255;

    /** The rules of the platform this runs on. */
    public static LocalNames ofThisPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.startsWith("windows")) {
            return WINDOWS;
        }
        return os.startsWith("mac") ? MACOS : POSIX;
    }

    /** Why a file of this id cannot exist in a folder here, if it cannot. */
    public Optional<String> cannotHold(FileId id) {
        for (String name : id.value().split("/")) {
            if (this == POSIX ? name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME : name.length() > MAX_NAME) {
                return Optional.of("the name '" + abbreviate(name) + "' is longer than this file system allows");
            }
            if (this != WINDOWS) {
                continue;
            }
            for (char c : name.toCharArray()) {
                if (WINDOWS_FORBIDDEN.indexOf(c) >= 0) {
                    return Optional.of("Windows does not allow '" + c + "' in a name");
                }
            }
            if (name.endsWith(".") || name.endsWith(" ")) {
                return Optional.of("Windows does not allow a name that ends with a dot or a space");
            }
            int dot = name.indexOf('.');
            String base = (dot < 0 ? name : name.substring(0, dot)).strip().toUpperCase(Locale.ROOT);
            if (WINDOWS_DEVICES.contains(base)) {
                return Optional.of("'" + base + "' is a device name on Windows");
            }
        }
        return Optional.empty();
    }

    /** What two ids have in common when this file system would store them as one file. */
    String key(FileId id) {
        return switch (this) {
            case POSIX -> id.value();
            case MACOS -> Normalizer.normalize(id.value(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
            case WINDOWS -> id.value().toLowerCase(Locale.ROOT);
        };
    }

    /**
     * The ids of a pass that cannot be placed here, with why: those {@link #cannotHold}, and of those that would be one
     * file here, all but one. The one kept is the one on disk (as the disk spells it), else the one last synced, else
     * the first in order; the rest are left alone.
     *
     * @param onDisk  ids the scan found
     * @param synced  ids last agreed on
     * @param others  every other id of the pass (the server's live files)
     */
    Map<FileId, String> unplaceable(Collection<FileId> onDisk, Collection<FileId> synced, Collection<FileId> others) {
        Set<FileId> all = new TreeSet<>(onDisk);
        all.addAll(synced);
        all.addAll(others);
        Map<FileId, String> refused = new TreeMap<>();
        Map<String, List<FileId>> byKey = new HashMap<>();
        for (FileId id : all) {
            Optional<String> why = cannotHold(id);
            if (why.isPresent()) {
                refused.put(id, "this file system cannot hold it: " + why.get() + "; the server keeps it");
            } else if (this != POSIX) {
                byKey.computeIfAbsent(key(id), k -> new java.util.ArrayList<>()).add(id);
            }
        }
        Set<FileId> disk = Set.copyOf(onDisk);
        Set<FileId> agreed = Set.copyOf(synced);
        for (List<FileId> same : byKey.values()) {
            if (same.size() < 2) {
                continue;
            }
            FileId kept = same.stream().filter(disk::contains).findFirst()
                    .or(() -> same.stream().filter(agreed::contains).findFirst())
                    .orElse(same.getFirst());
            for (FileId id : same) {
                if (!id.equals(kept)) {
                    refused.put(id, "differs from '" + kept + "' only by case or Unicode form, and this file system "
                            + "would store both as one file; the server keeps it");
                }
            }
        }
        return refused;
    }

    private static String abbreviate(String name) {
        return name.length() <= 40 ? name : name.substring(0, 37) + "...";
    }
}
