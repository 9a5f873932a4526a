package dev.nearcache.serialization.contributed.values;

/** A framework's cached value: its package is allowed by a contributor. */
public record ContributedValue(String text) {}
