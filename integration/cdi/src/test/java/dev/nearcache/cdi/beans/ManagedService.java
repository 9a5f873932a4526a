package dev.nearcache.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheResult;

/** Used only in a container with {@link ManagerProducer}: its cache must land in that manager. */
@ApplicationScoped
public class ManagedService {
  @CacheResult(cacheName = "bean-manager-only")
  public String describe(String id) {
    return "described " + id;
  }
}
