package dev.nearcache.serialization.contributed;

import dev.nearcache.serialization.AllowedClassesContributor;
import java.util.Collection;
import java.util.List;

/** A second library that allows a class the first one allows too. */
public final class OtherLibraryContributor implements AllowedClassesContributor {
  @Override
  public Collection<String> allowedClasses() {
    return List.of(" dev.nearcache.serialization.contributed.ContributedKey ");
  }
}
