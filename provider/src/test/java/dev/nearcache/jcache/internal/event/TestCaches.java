package dev.nearcache.jcache.internal.event;

import java.lang.reflect.Proxy;
import javax.cache.Cache;

/** Minimal {@link Cache} stand-in usable as event source. */
final class TestCaches {

  private TestCaches() {}

  @SuppressWarnings("unchecked")
  static <K, V> Cache<K, V> cache(String name) {
    return (Cache<K, V>)
        Proxy.newProxyInstance(
            TestCaches.class.getClassLoader(),
            new Class<?>[] {Cache.class},
            (proxy, method, args) -> {
              return switch (method.getName()) {
                case "getName" -> name;
                case "toString" -> "TestCache[" + name + "]";
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
              };
            });
  }
}
