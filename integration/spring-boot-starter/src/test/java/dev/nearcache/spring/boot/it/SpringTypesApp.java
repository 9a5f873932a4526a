package dev.nearcache.spring.boot.it;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;

/** An application whose cached methods make Spring store its own types: SimpleKey and NullValue. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
@Import(SpringTypesApp.Prices.class)
public class SpringTypesApp {

  @Service
  public static class Prices {
    private final AtomicInteger loads = new AtomicInteger();

    public int loads() {
      return loads.get();
    }

    /** Two arguments: Spring's key is a SimpleKey. */
    @Cacheable("prices")
    public Integer price(String isbn, String currency) {
      loads.incrementAndGet();
      return isbn.length() * 100 + currency.length();
    }

    /** No argument: SimpleKey.EMPTY. */
    @Cacheable("prices")
    public Integer basePrice() {
      loads.incrementAndGet();
      return 1;
    }

    /** Returns null: Spring stores NullValue (JCacheCacheManager allows null values by default). */
    @Cacheable("ratings")
    public String rating(String isbn) {
      loads.incrementAndGet();
      return null;
    }
  }
}
