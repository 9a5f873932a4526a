package dev.nearcache.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;
import javax.cache.annotation.CacheResult;

/** Names a cache that no configuration file defines and no other test uses. */
@ApplicationScoped
public class OnDemandBean {
  public static final String CACHE = "created-on-demand";
  private int runs;

  public int runs() {
    return runs;
  }

  @CacheResult(cacheName = CACHE)
  public String value(String id) {
    runs++;
    return "v-" + id;
  }
}
