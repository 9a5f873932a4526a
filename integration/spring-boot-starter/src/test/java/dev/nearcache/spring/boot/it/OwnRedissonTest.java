package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.example.books.Book;
import com.example.books.BookApplication;
import com.example.books.BookService;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.redisson.Redisson;
import org.redisson.api.RBucket;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application that uses its own Redisson, of another version than the one relocated inside the
 * provider, keeps it unchanged beside ours: both clients work in one JVM against one Redis. (Runs
 * on the Boot 3.5 line only, whose test class path has the application's Redisson; the Boot 4
 * module compiles the same sources without this class.)
 */
@Timeout(120)
class OwnRedissonTest {

  @Test
  void theApplicationsOwnRedissonOfAnotherVersionWorksBesideOurs() throws Exception {
    Path appRedisson =
        Path.of(Redisson.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Class<?> ours = Class.forName("dev.nearcache.shaded.redisson.Redisson");
    Path ourJar = Path.of(ours.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertNotEquals(appRedisson, ourJar);
    assertEquals(
        "redisson-" + System.getProperty("nearcache.test.app-redisson.version") + ".jar",
        appRedisson.getFileName().toString(),
        "the application's Redisson is the version its POM names, not the one we shade");

    try (ConfigurableApplicationContext app =
        Apps.run(
            BookApplication.class,
            "--spring.cache.cache-names=books",
            "--nearcache.manager-uri=urn:own-redisson")) {
      BookService books = app.getBean(BookService.class);
      books.save(new Book("isbn-r1", "Two clients"));
      assertEquals("Two clients", books.find("isbn-r1").title());

      URI redis = URI.create(TestRedis.uri());
      Config config = new Config();
      config.useSingleServer().setAddress("redis://" + redis.getHost() + ":" + redis.getPort());
      RedissonClient own = Redisson.create(config);
      try {
        RBucket<String> bucket = own.getBucket("app-own-key");
        bucket.set("the application's value");
        assertEquals("the application's value", bucket.get());
      } finally {
        own.shutdown();
      }
      assertEquals("Two clients", books.find("isbn-r1").title(), "ours still works");
    }
  }
}
