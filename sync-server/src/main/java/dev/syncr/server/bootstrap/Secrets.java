package dev.syncr.server.bootstrap;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Secrets read from files (a Docker or Kubernetes secret, a file only its owner may read), never from argv. */
public final class Secrets {

    private Secrets() {
    }

    /** The file's first line without its line ending; what a secret file holds. */
    public static String firstLine(Path file, String flag) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = (end < 0 ? text : text.substring(0, end)).replace("\r", "");
            if (line.isEmpty()) {
                throw new IllegalArgumentException(flag + ": " + file + " is empty");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
    }
}
