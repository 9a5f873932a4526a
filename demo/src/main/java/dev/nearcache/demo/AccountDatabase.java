package dev.nearcache.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The billing system of record: an in-memory H2 database with an {@code accounts} table (balances
 * in cents) and a {@code payments} ledger. It lives as long as the JVM (or {@link #close()}), and
 * any JDBC connection in this JVM to {@link #URL} reaches it, which is how each service instance's
 * {@link BalanceLoader} reads it through its own connection pool.
 */
final class AccountDatabase implements AutoCloseable {
  static final String URL = "jdbc:h2:mem:billing;DB_CLOSE_DELAY=-1";
  static final String USER = "sa";
  static final String PASSWORD = "";

  /** A payment as the database applied it. */
  record Payment(String accountId, long amountCents, long oldBalanceCents, long newBalanceCents) {}

  private final JdbcConnectionPool pool;
  private final int accounts;

  private AccountDatabase(JdbcConnectionPool pool, int accounts) {
    this.pool = pool;
    this.accounts = accounts;
  }

  /** Creates the tables and {@code accounts} accounts with balances from 100.00 to 5,000.00. */
  static AccountDatabase create(int accounts, long seed) throws SQLException {
    JdbcConnectionPool pool = JdbcConnectionPool.create(URL, USER, PASSWORD);
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS payments");
      s.execute("DROP TABLE IF EXISTS accounts");
      s.execute(
          "CREATE TABLE accounts (id VARCHAR(16) PRIMARY KEY, owner VARCHAR(32) NOT NULL,"
              + " balance_cents BIGINT NOT NULL)");
      s.execute(
          "CREATE TABLE payments (id BIGINT AUTO_INCREMENT PRIMARY KEY, account_id VARCHAR(16) NOT NULL"
              + " REFERENCES accounts(id), amount_cents BIGINT NOT NULL,"
              + " paid_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP)");
      c.setAutoCommit(false);
      Random random = new Random(seed);
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO accounts (id, owner, balance_cents) VALUES (?, ?, ?)")) {
        for (int i = 1; i <= accounts; i++) {
          insert.setString(1, accountId(i));
          insert.setString(2, "customer-" + i);
          insert.setLong(3, 10_000 + random.nextInt(490_001));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      c.commit();
    } catch (SQLException | RuntimeException e) {
      pool.dispose();
      throw e;
    }
    return new AccountDatabase(pool, accounts);
  }

  static String accountId(int n) {
    return String.format("acc-%05d", n);
  }

  int accounts() {
    return accounts;
  }

  /**
   * Charges {@code amountCents} to the account in one transaction: a ledger row and the balance
   * update; returns the balance before and after.
   */
  Payment pay(String accountId, long amountCents) throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement ledger =
              c.prepareStatement("INSERT INTO payments (account_id, amount_cents) VALUES (?, ?)");
          PreparedStatement update =
              c.prepareStatement(
                  "SELECT balance_cents FROM FINAL TABLE"
                      + " (UPDATE accounts SET balance_cents = balance_cents - ? WHERE id = ?)")) {
        ledger.setString(1, accountId);
        ledger.setLong(2, amountCents);
        ledger.executeUpdate();
        update.setLong(1, amountCents);
        update.setString(2, accountId);
        long newBalance;
        try (ResultSet r = update.executeQuery()) {
          if (!r.next()) {
            throw new SQLException("no account " + accountId);
          }
          newBalance = r.getLong(1);
        }
        c.commit();
        return new Payment(accountId, amountCents, newBalance + amountCents, newBalance);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /** Every balance, in one query (the final audit; not a cache load). */
  Map<String, Long> allBalances() throws SQLException {
    Map<String, Long> out = new HashMap<>(accounts * 2);
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id, balance_cents FROM accounts")) {
      while (r.next()) {
        out.put(r.getString(1), r.getLong(2));
      }
    }
    return out;
  }

  long paymentCount() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM payments")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** Drops the in-memory database (it would otherwise live until the JVM exits). */
  @Override
  public void close() throws SQLException {
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } finally {
      pool.dispose();
    }
  }
}
