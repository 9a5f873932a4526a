package dev.nearcache.jcache.internal.event;

import java.lang.reflect.Proxy;
import javax.cache.Cache;

/** Minimal {@link Cache} stand-in usable as event source. */
final class TestCaches {

  private TestCaches() {
  }

  @SuppressWarnings("unchecked")
  static <K, V> Cache<K, V> cache(String name) {
    return (Cache<K, V>) Proxy.newProxyInstance(TestCaches.class.getClassLoader(),
        new Class<?>[] {Cache.class}, (proxy, method, args) -> {
          switch (method.getName()) {
            case "getName":
              return name;
            case "toString":
              return "TestCache[" + name + "]";
            case "hashCode":
              return System.identityHashCode(proxy);
            case "equals":
              return proxy == args[0];
            default:
              throw new UnsupportedOperationException(method.getName());
          }
        });
  }
}
