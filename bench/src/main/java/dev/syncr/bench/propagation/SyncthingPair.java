package dev.syncr.bench.propagation;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two Syncthing daemons (Debian's {@code syncthing}) on loopback sharing one folder: no discovery, relays or NAT,
 * the file watcher's delay at 1 s, each reaching the other only through a {@link CountingProxy}.
 */
final class SyncthingPair implements Pair {

    private final Path a;
    private final Path b;
    private final Process daemonA;
    private final Process daemonB;
    private final CountingProxy toA;
    private final CountingProxy toB;

    private record Home(Path dir, String id, String apiKey, int listen, int gui) {
    }

    SyncthingPair(Path work) throws Exception {
        a = Files.createDirectories(work.resolve("syncthing-a"));
        b = Files.createDirectories(work.resolve("syncthing-b"));
        Home homeA = generate(work.resolve("st-home-a"));
        Home homeB = generate(work.resolve("st-home-b"));
        toA = new CountingProxy(homeA.listen());
        toB = new CountingProxy(homeB.listen());
        configure(homeA, a, homeB, toB.port());
        configure(homeB, b, homeA, toA.port());
        daemonA = start(homeA);
        daemonB = start(homeB);
        awaitConnected(homeA);
    }

    private static Home generate(Path home) throws Exception {
        Process p = new ProcessBuilder("syncthing", "generate", "--home=" + home, "--no-default-folder")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("syncthing generate failed: " + out);
        }
        String config = Files.readString(home.resolve("config.xml"));
        return new Home(home, find(config, "<device id=\"([^\"]+)\""), find(config, "<apikey>([^<]+)</apikey>"),
                freePort(), freePort());
    }

    /** This daemon's config: listen on loopback, nothing outside it, the other device and the shared folder. */
    private static void configure(Home self, Path folder, Home other, int otherThroughProxy) throws IOException {
        Files.createDirectories(folder.resolve(".stfolder"));
        String config = Files.readString(self.dir().resolve("config.xml"));
        config = set(config, "listenAddress", "tcp://127.0.0.1:" + self.listen());
        for (String off : List.of("globalAnnounceEnabled", "localAnnounceEnabled", "relaysEnabled", "natEnabled",
                "startBrowser", "crashReportingEnabled", "setLowPriority")) {
            config = set(config, off, "false");
        }
        config = set(config, "urAccepted", "-1");
        config = set(config, "autoUpgradeIntervalH", "0");
        String device = "<device id=\"" + other.id() + "\" name=\"other\" compression=\"metadata\" introducer=\"false\""
                + " skipIntroductionRemovals=\"false\" introducedBy=\"\"><address>tcp://127.0.0.1:" + otherThroughProxy
                + "</address><paused>false</paused><autoAcceptFolders>false</autoAcceptFolders></device>";
        String shared = "<folder id=\"bench\" label=\"bench\" path=\"" + folder + "\" type=\"sendreceive\" "
                + "rescanIntervalS=\"3600\" fsWatcherEnabled=\"true\" fsWatcherDelayS=\"1\" ignorePerms=\"false\" "
                + "autoNormalize=\"true\"><filesystemType>basic</filesystemType><device id=\"" + self.id()
                + "\" introducedBy=\"\"></device><device id=\"" + other.id() + "\" introducedBy=\"\"></device>"
                + "<minDiskFree unit=\"%\">1</minDiskFree><paused>false</paused><markerName>.stfolder</markerName>"
                + "</folder>";
        config = config.replaceFirst("<gui ", Matcher.quoteReplacement(shared + device) + "<gui ");
        Files.writeString(self.dir().resolve("config.xml"), config);
    }

    private static Process start(Home home) throws IOException {
        return new ProcessBuilder("syncthing", "serve", "--home=" + home.dir(), "--no-browser", "--no-restart",
                "--gui-address=http://127.0.0.1:" + home.gui(), "--logfile=" + home.dir().resolve("log.txt"))
                .redirectErrorStream(true).redirectOutput(home.dir().resolve("stdout.txt").toFile()).start();
    }

    private static void awaitConnected(Home home) throws Exception {
        for (int i = 0; i < 600; i++) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + home.gui()
                        + "/rest/system/connections").toURL().openConnection();
                c.setRequestProperty("X-API-Key", home.apiKey());
                String body = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (body.contains("\"connected\": true") || body.contains("\"connected\":true")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(100);
        }
        throw new IOException("the two Syncthing daemons never connected (see " + home.dir() + "/log.txt)");
    }

    private static String set(String config, String element, String value) {
        return config.replaceFirst("<" + element + ">[^<]*</" + element + ">",
                "<" + element + ">" + Matcher.quoteReplacement(value) + "</" + element + ">");
    }

    private static String find(String text, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IOException("not in syncthing's config: " + regex);
        }
        return m.group(1);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public String name() {
        return "Syncthing";
    }

    @Override
    public Path a() {
        return a;
    }

    @Override
    public Path b() {
        return b;
    }

    @Override
    public long wireBytes() {
        return toA.bytes() + toB.bytes();
    }

    @Override
    public void close() throws Exception {
        daemonA.destroy();
        daemonB.destroy();
        daemonA.waitFor();
        daemonB.waitFor();
        toA.close();
        toB.close();
    }
}
