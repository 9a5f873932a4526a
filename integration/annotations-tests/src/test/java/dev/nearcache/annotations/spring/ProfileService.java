package dev.nearcache.annotations.spring;

import javax.cache.annotation.CacheDefaults;
import javax.cache.annotation.CachePut;
import javax.cache.annotation.CacheRemove;
import javax.cache.annotation.CacheRemoveAll;
import javax.cache.annotation.CacheResult;
import javax.cache.annotation.CacheValue;

/** The Spring quick start's bean (docs/annotations.md). */
// tag::spring-bean[]
@CacheDefaults(cacheName = "profiles")
public class ProfileService {
  private final ProfileStore store; // the system of record

  public ProfileService(ProfileStore store) {
    this.store = store;
  }

  @CacheResult // key: userId; runs on a miss only, and caches what it returns
  public String displayName(String userId) {
    return store.load(userId);
  }

  @CachePut // caches displayName under userId once the method has returned
  public void rename(String userId, @CacheValue String displayName) {
    store.save(userId, displayName);
  }

  @CacheRemove
  public void delete(String userId) {
    store.delete(userId);
  }

  @CacheRemoveAll
  public void reloadAll() {}
}
// end::spring-bean[]
