package dev.nearcache.demo;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Read-through for the balances cache: a miss in both the near tier and Redis runs one counted SQL
 * query against the billing database, through this service instance's own connection pool. The
 * cache closes it (and so its pool) when it closes.
 */
final class BalanceLoader implements CacheLoader<String, Long>, Serializable, AutoCloseable {
  private static final long serialVersionUID = 1L;

  private final String jdbcUrl;
  private final LongAdder queries = new LongAdder();
  private transient volatile JdbcConnectionPool pool;

  BalanceLoader(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  /** SQL queries run so far (one per load). */
  long queries() {
    return queries.sum();
  }

  @Override
  public Long load(String accountId) {
    queries.increment();
    try (Connection c = pool().getConnection();
        PreparedStatement s =
            c.prepareStatement("SELECT balance_cents FROM accounts WHERE id = ?")) {
      s.setString(1, accountId);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : null;
      }
    } catch (SQLException e) {
      throw new CacheLoaderException("loading the balance of " + accountId + " failed", e);
    }
  }

  @Override
  public Map<String, Long> loadAll(Iterable<? extends String> accountIds) {
    Map<String, Long> out = new HashMap<>();
    for (String id : accountIds) {
      Long balance = load(id);
      if (balance != null) {
        out.put(id, balance);
      }
    }
    return out;
  }

  private JdbcConnectionPool pool() {
    JdbcConnectionPool p = pool;
    if (p == null) {
      synchronized (this) {
        p = pool;
        if (p == null) {
          p = JdbcConnectionPool.create(jdbcUrl, AccountDatabase.USER, AccountDatabase.PASSWORD);
          pool = p;
        }
      }
    }
    return p;
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.dispose();
      pool = null;
    }
  }
}
