package dev.nearcache.framework;

import dev.nearcache.serialization.AllowedClassesContributor;
import java.util.Collection;
import java.util.List;

/**
 * What an integration module ships; listed in contributed-allow-list/META-INF/services, which the
 * tests put on a cache manager's class loader.
 */
public final class FrameworkTypesContributor implements AllowedClassesContributor {
  @Override
  public Collection<String> allowedClasses() {
    return List.of(FrameworkKey.class.getName());
  }
}
