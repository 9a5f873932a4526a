package dev.nearcache.spring.boot;

import dev.nearcache.serialization.AllowedClassesContributor;
import java.util.Collection;
import java.util.List;

/**
 * Lets the codec store the types Spring's cache abstraction itself puts in a cache, with no user
 * configuration: {@code SimpleKey} (the key of a method with several arguments, or none) and {@code
 * NullValue} (a cached {@code null}, when the cache manager allows null values). Both hold only
 * what the codec checks on its own: the method's arguments, or nothing. Found by every cache
 * manager through {@code META-INF/services} whenever the starter is on the class path; the user's
 * own {@code codec.allow} is untouched.
 */
public final class SpringCacheAllowedClasses implements AllowedClassesContributor {

  @Override
  public Collection<String> allowedClasses() {
    return List.of(
        "org.springframework.cache.interceptor.SimpleKey",
        "org.springframework.cache.support.NullValue");
  }
}
