package dev.nearcache.spring.boot.jarapp;

import dev.nearcache.jcache.RedisCacheManager;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application ExecutableJarTest packages into an executable jar and runs with java -jar: it
 * prints its manager's URI and where its settings came from, and caches a value through Spring.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableCaching
public class JarApp {
  public static void main(String[] args) {
    try (ConfigurableApplicationContext context = SpringApplication.run(JarApp.class, args)) {
      RedisCacheManager manager = context.getBean(RedisCacheManager.class);
      System.out.println("NEARCACHE-URI " + manager.getURI());
      System.out.println("NEARCACHE-SOURCE " + manager.settings().source());
      Cache greetings = context.getBean(CacheManager.class).getCache("greetings");
      greetings.put("hello", "world");
      System.out.println("NEARCACHE-VALUE " + greetings.get("hello", String.class));
    }
  }
}
