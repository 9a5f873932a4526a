package dev.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.nearcache.hibernate.model.Cached;
import dev.nearcache.hibernate.model.NonStrictAuthor;
import dev.nearcache.hibernate.model.ReadWriteBook;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redis stops applying writes while an update commits: node A flushes its update (READ_WRITE locks
 * the entry, NONSTRICT_READ_WRITE invalidates it), then Redis pauses writes ({@code CLIENT PAUSE
 * WRITE}: commands wait, then run when the pause ends, as on a stalled server) and A commits. The
 * database commits; the cache step after it times out, and when Redis runs it later its deadline
 * has passed, so it is refused (fenced writes). No node reads the state before the commit, during
 * the pause or after it: the lock, or the invalidation, written at flush keeps every node on the
 * database until a load newer than the change fills the entry.
 */
@ExtendWith(Backends.class)
class RedisFaultsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {NonStrictAuthor.class, ReadWriteBook.class})
  void aCacheStepThatFailsAfterTheCommitLeavesNoNodeOnTheOldState(Class<? extends Cached> type)
      throws Exception {
    long id = Factories.nextId();
    try (RedisServer redis = RedisServer.start();
        RespClient admin = redis.client();
        SessionFactory a = build(redis, "a");
        SessionFactory b = build(redis, "b")) {
      a.inTransaction(s -> s.persist(Entities.create(type, id, "c" + id, "old", List.of())));
      b.inSession(s -> assertEquals("old", s.find(type, id).getName()));
      b.inSession(s -> assertEquals("old", s.find(type, id).getName())); // cached on B

      List<String> commitOutcome = new ArrayList<>();
      try (Session session = a.openSession()) {
        Transaction transaction = session.beginTransaction();
        session.find(type, id).setName("new");
        session.flush();
        admin.call("CLIENT", "PAUSE", "2500", "WRITE");
        try {
          transaction.commit();
          commitOutcome.add("committed");
        } catch (RuntimeException e) {
          commitOutcome.add("commit threw " + e);
        }
      }
      System.out.println(type.getSimpleName() + ": " + commitOutcome);
      // During the rest of the pause and after it, on both nodes: the new state or an error, never
      // the old state.
      long end = System.nanoTime() + 4_000_000_000L;
      int reads = 0;
      int failures = 0;
      while (System.nanoTime() < end) {
        for (SessionFactory node : List.of(a, b)) {
          try {
            String name = read(node, type, id);
            assertNotEquals("old", name, "read after the commit");
            reads++;
          } catch (RuntimeException e) {
            failures++;
          }
        }
        Thread.sleep(20);
      }
      System.out.println(type.getSimpleName() + ": reads " + reads + ", failed " + failures);
      assertEquals("new", read(a, type, id));
      assertEquals("new", read(b, type, id));
    }
  }

  private static String read(SessionFactory node, Class<? extends Cached> type, long id) {
    try (Session s = node.openSession()) {
      return s.find(type, id).getName();
    }
  }

  private static SessionFactory build(RedisServer redis, String node) {
    Map<String, Object> settings = Factories.baseSettings();
    settings.put("hibernate.cache.region.factory_class", "nearcache");
    settings.put("hibernate.javax.cache.uri", "urn:faults-" + node);
    settings.put("nearcache.hibernate.properties.redis.address", redis.uri());
    settings.put("nearcache.hibernate.properties.redis.timeout", "500ms");
    return Factories.build(settings);
  }
}
