package dev.syncr.bench.propagation;

import java.nio.file.Path;

/** Two devices syncing one folder through a tool: what the benchmark writes into and waits on. */
interface Pair extends AutoCloseable {

    String name();

    /** Device A's folder: the benchmark writes here. */
    Path a();

    /** Device B's folder: the benchmark waits until it holds what A holds. */
    Path b();

    /** Bytes on the wire so far (both directions, every connection), counted by a proxy. */
    long wireBytes();
}
