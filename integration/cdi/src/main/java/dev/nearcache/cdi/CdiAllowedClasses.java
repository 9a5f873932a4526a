package dev.nearcache.cdi;

import dev.nearcache.serialization.AllowedClassesContributor;
import java.util.Collection;
import java.util.List;

/**
 * Allows the one class this module stores, {@link ParametersKey}, so that applications using the
 * interceptors need no {@code codec.allow} entry for their keys. Found by every cache manager
 * through {@code META-INF/services}; its values hold only the key parameters, each of which the
 * codec checks against the allow-list on its own.
 */
public final class CdiAllowedClasses implements AllowedClassesContributor {

  @Override
  public Collection<String> allowedClasses() {
    return List.of(ParametersKey.class.getName());
  }
}
