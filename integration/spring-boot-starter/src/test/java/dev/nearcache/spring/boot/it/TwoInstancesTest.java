package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import com.example.books.Book;
import com.example.books.BookApplication;
import com.example.books.BookRepository;
import com.example.books.BookService;
import dev.nearcache.jcache.RedisCacheManager;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two instances of the quick-start application over one Redis, each with its own cache manager (its
 * own connections and near tier, as two JVMs would have): what one writes through @CachePut
 * or @CacheEvict, the other's @Cacheable reads, after it had the old value in its near tier.
 */
@Timeout(120)
class TwoInstancesTest {
  static final String QUICK_START = QuickStartTest.QUICK_START;

  @Test
  void anUpdateOrEvictionInOneInstanceIsSeenByTheOther() throws Exception {
    try (ConfigurableApplicationContext a =
            Apps.run(BookApplication.class, QUICK_START, "--nearcache.manager-uri=urn:instance-a");
        ConfigurableApplicationContext b =
            Apps.run(
                BookApplication.class, QUICK_START, "--nearcache.manager-uri=urn:instance-b")) {
      assertNotSame(a.getBean(RedisCacheManager.class), b.getBean(RedisCacheManager.class));
      a.getBean(RedisCacheManager.class).getCache("books").clear();
      BookService booksA = a.getBean(BookService.class);
      BookService booksB = b.getBean(BookService.class);
      BookRepository repositoryA = a.getBean(BookRepository.class);
      BookRepository repositoryB = b.getBean(BookRepository.class);

      repositoryA.store(new Book("isbn-2", "Solaris"));
      assertEquals(new Book("isbn-2", "Solaris"), booksA.find("isbn-2"));
      assertEquals(
          new Book("isbn-2", "Solaris"), booksB.find("isbn-2"), "B reads A's entry from Redis");
      assertEquals(new Book("isbn-2", "Solaris"), booksB.find("isbn-2"), "then from its near tier");
      assertEquals(0, repositoryB.loads());

      booksA.save(new Book("isbn-2", "Solaris (2nd edition)"));
      assertEventually(new Book("isbn-2", "Solaris (2nd edition)"), () -> booksB.find("isbn-2"));
      assertEquals(0, repositoryB.loads(), "B got the new value from the cache, not by loading");

      booksA.remove("isbn-2");
      // B's next read misses and loads from B's own repository, which never had the book.
      assertEventually(new Book("isbn-2", "untitled"), () -> booksB.find("isbn-2"));
      assertEquals(1, repositoryB.loads());
      assertEquals(
          new Book("isbn-2", "untitled"), booksA.find("isbn-2"), "and A reads what B loaded");
      assertEquals(1, repositoryA.loads(), "A loaded only the first time");
    }
  }

  private static <T> void assertEventually(T expected, Supplier<T> read)
      throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    T last = read.get();
    while (!expected.equals(last) && System.nanoTime() < deadline) {
      Thread.sleep(10);
      last = read.get();
    }
    assertEquals(expected, last);
  }
}
