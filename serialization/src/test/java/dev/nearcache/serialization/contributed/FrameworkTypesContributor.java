package dev.nearcache.serialization.contributed;

import dev.nearcache.serialization.AllowedClassesContributor;
import java.util.Collection;
import java.util.List;

/** What an integration module would ship: its key class and its values' package. */
public final class FrameworkTypesContributor implements AllowedClassesContributor {
  @Override
  public Collection<String> allowedClasses() {
    return List.of(
        "dev.nearcache.serialization.contributed.ContributedKey",
        "dev.nearcache.serialization.contributed.values.*");
  }
}
