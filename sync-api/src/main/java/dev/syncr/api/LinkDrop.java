package dev.syncr.api;

/** A file dropped through an upload link: the name it was stored under (renamed if the name was taken). */
public record LinkDrop(String name, long sizeBytes) {
}
