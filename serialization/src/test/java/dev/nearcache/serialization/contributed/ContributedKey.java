package dev.nearcache.serialization.contributed;

/** A framework's cache key: allowed by {@link FrameworkTypesContributor}, not by configuration. */
public record ContributedKey(String method, int argument) {}
