package dev.syncr.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of a server that delivers the first request but throws away the server's answer
 * and hangs up: the "write landed, response lost" case every retrying client must survive.
 */
final class ResponseDroppingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final URI upstream;
    private final AtomicInteger connections = new AtomicInteger();
    private final int dropped;

    ResponseDroppingProxy(URI upstream, int dropFirstConnections) throws IOException {
        this.upstream = upstream;
        this.dropped = dropFirstConnections;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
    }

    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                boolean drop = connections.incrementAndGet() <= dropped;
                Socket server = new Socket(upstream.getHost(), upstream.getPort());
                Thread.ofVirtual().start(() -> pump(client, server, false));
                Thread.ofVirtual().start(() -> pump(server, client, drop));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies {@code from} to {@code to}; when dropping, swallows the first bytes of the answer and hangs up. */
    private static void pump(Socket from, Socket to, boolean drop) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (drop) {
                    break;
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // one side hung up
        } finally {
            close(from);
            close(to);
        }
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
