package dev.nearcache.framework;

import dev.nearcache.serialization.AllowedClassesContributor;
import java.util.Collection;
import java.util.List;

/** Contributes an entry codec.allow refuses; listed in malformed-allow-list/META-INF/services. */
public final class MalformedContributor implements AllowedClassesContributor {
  @Override
  public Collection<String> allowedClasses() {
    return List.of("org.example.**.Key");
  }
}
