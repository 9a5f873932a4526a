package dev.nearcache.framework;

/**
 * Stands for a framework's cache key (Spring's SimpleKey): outside the packages the tests'
 * codec.allow names, allowed only by {@link FrameworkTypesContributor}.
 */
public record FrameworkKey(String method, int argument) {}
