package dev.nearcache.spring.boot.it;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts real Spring Boot applications (no web server) against the test's redis-server. */
final class Apps {
  private Apps() {}

  /**
   * Runs {@code source} with {@code args} as command-line arguments ({@code --name=value}, which
   * win over application.yml), after {@code --nearcache.redis.address} pointing at the test's
   * Redis.
   */
  static ConfigurableApplicationContext run(Class<?> source, String... args) {
    return runOn(TestRedis.uri(), source, args);
  }

  /** As {@link #run}, on the Redis at {@code redisUri}. */
  static ConfigurableApplicationContext runOn(String redisUri, Class<?> source, String... args) {
    List<String> all = new ArrayList<>();
    all.add("--nearcache.redis.address=" + redisUri);
    all.add("--spring.main.banner-mode=off");
    all.addAll(List.of(args));
    return new SpringApplicationBuilder(source)
        .web(WebApplicationType.NONE)
        .run(all.toArray(String[]::new));
  }
}
