package dev.nearcache.serialization.contributed;

import dev.nearcache.serialization.AllowedClassesContributor;
import java.util.Collection;
import java.util.List;

/**
 * Returns an entry codec.allow refuses (listed only under malformed-contributor/, which
 * AllowedClassContributionsTest puts on a class loader of its own).
 */
public final class MalformedContributor implements AllowedClassesContributor {
  @Override
  public Collection<String> allowedClasses() {
    return List.of(
        "dev.nearcache.serialization.contributed.ContributedKey", "dev.nearcache.*.Order");
  }
}
