package dev.outpost.dkim;

/** A stored key and whether it is the one that signs for its domain and algorithm. */
public record KeyEntry(DkimKey key, boolean active) {}
