package dev.syncr.server.http;

import dev.syncr.api.ApiJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Every record of the wire model, found by listing its package (a classes folder or a jar), not by a hand list. */
final class WireRecords {

    private WireRecords() {
    }

    static List<Class<? extends Record>> all() {
        String folder = ApiJson.class.getPackageName().replace('.', '/');
        URL here = ApiJson.class.getResource("ApiJson.class");
        List<String> names = new ArrayList<>();
        try {
            if (here.getProtocol().equals("jar")) {
                try (JarFile jar = ((JarURLConnection) here.openConnection()).getJarFile()) {
                    Collections.list(jar.entries()).stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(folder + "/") && n.indexOf('/', folder.length() + 1) < 0)
                            .forEach(names::add);
                }
            } else {
                try (Stream<Path> files = Files.list(Path.of(here.toURI()).getParent())) {
                    files.map(f -> folder + "/" + f.getFileName()).forEach(names::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        List<Class<? extends Record>> records = new ArrayList<>();
        for (String name : names) {
            if (name.endsWith(".class") && !name.contains("$")) {
                try {
                    Class<?> type = Class.forName(name.replace('/', '.').replace(".class", ""));
                    if (type.isRecord()) {
                        records.add(type.asSubclass(Record.class));
                    }
                } catch (ClassNotFoundException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return records;
    }
}
