package dev.syncr.bench.propagation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback that counts every byte it carries, both ways: the bytes on the wire, counted outside the
 * programs measured, so neither side's own accounting is trusted. Bytes go from one socket to the other through a
 * direct buffer (the kernel copies them in and out, nothing more), so the relay takes as little as it can of the CPU
 * the tools are measured on: a tool whose bytes cross it twice (Syncr: A to the server, the server to B) pays twice.
 */
final class CountingProxy implements AutoCloseable {

    private final ServerSocketChannel listener;
    private final int targetPort;
    private final AtomicLong bytes = new AtomicLong();

    CountingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        Thread.ofPlatform().daemon().name("proxy-" + port()).start(this::accept);
    }

    int port() {
        try {
            return ((InetSocketAddress) listener.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    long bytes() {
        return bytes.get();
    }

    private void accept() {
        while (listener.isOpen()) {
            try {
                SocketChannel client = listener.accept();
                SocketChannel server = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        targetPort));
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                server.setOption(StandardSocketOptions.TCP_NODELAY, true);
                Thread.ofPlatform().daemon().start(() -> pump(client, server));
                Thread.ofPlatform().daemon().start(() -> pump(server, client));
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    return;
                }
            }
        }
    }

    private void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        try {
            for (int n; (n = from.read(buffer)) > 0; ) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
                bytes.addAndGet(n);
            }
        } catch (IOException closed) {
            // one side went away: so does the other
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
