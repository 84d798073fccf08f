package dev.syncr.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;

/**
 * A loopback TCP proxy in front of a server that delivers the first request but throws away the server's answer
 * and hangs up: the "write landed, response lost" case every retrying client must survive.
 */
public final class ResponseDroppingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final URI upstream;
    private final AtomicInteger connections = new AtomicInteger();
    private final IntPredicate drop;
    private final BooleanSupplier cut;

    ResponseDroppingProxy(URI upstream, int dropFirstConnections) throws IOException {
        this(upstream, connection -> connection <= dropFirstConnections, () -> false);
    }

    /**
     * Asks {@code cut} each time the server sends something on any connection: true throws it away and hangs up, so
     * on a kept-alive connection any answer can be lost, whole or half-way through, after the server acted.
     */
    public ResponseDroppingProxy(URI upstream, BooleanSupplier cut) throws IOException {
        this(upstream, connection -> false, cut);
    }

    private ResponseDroppingProxy(URI upstream, IntPredicate drop, BooleanSupplier cut) throws IOException {
        this.upstream = upstream;
        this.drop = drop;
        this.cut = cut;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort() + "/");
    }

    int connections() {
        return connections.get();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                boolean drop = this.drop.test(connections.incrementAndGet());
                Socket server = new Socket(upstream.getHost(), upstream.getPort());
                Thread.ofVirtual().start(() -> pump(client, server, () -> false));
                Thread.ofVirtual().start(() -> pump(server, client, drop ? () -> true : cut));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Copies {@code from} to {@code to}; when {@code drop} says so, swallows what came and hangs up. */
    private static void pump(Socket from, Socket to, BooleanSupplier drop) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (drop.getAsBoolean()) {
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
