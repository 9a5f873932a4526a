package dev.nearcache.hibernate;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects what is logged at WARNING or above through java.util.logging, where Hibernate logs in
 * these tests (JBoss Logging's provider is set to {@code jdk} in the build).
 */
final class WarningCapture extends Handler implements AutoCloseable {
  /** Hibernate's warning about its built-in connection pool, which the tests use on purpose. */
  private static final String BUILT_IN_POOL = "HHH10001002";

  /**
   * Where Hibernate reports the database's own SQL warnings, such as PostgreSQL's notices while the
   * schema is updated ("constraint ... does not exist, skipping").
   */
  private static final String SQL_WARNINGS = "org.hibernate.orm.jdbc.warn";

  private final List<String> warnings = new ArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  private WarningCapture() {
    setLevel(Level.WARNING);
  }

  static WarningCapture start() {
    WarningCapture capture = new WarningCapture();
    Logger.getLogger("").addHandler(capture);
    return capture;
  }

  /** The warnings logged so far, each as logger name and message, apart from the pool's. */
  synchronized List<String> warnings() {
    return List.copyOf(warnings);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    if (record.getLevel().intValue() < Level.WARNING.intValue()) {
      return;
    }
    String message = formatter.formatMessage(record);
    if (SQL_WARNINGS.equals(record.getLoggerName())
        || (message != null && message.contains(BUILT_IN_POOL))) {
      return;
    }
    warnings.add(record.getLoggerName() + ": " + message);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
