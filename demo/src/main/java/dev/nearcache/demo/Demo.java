package dev.nearcache.demo;

import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.testing.RedisServer;
import java.math.BigDecimal;
import java.net.URI;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The microservices caching scenario: two instances of a billing service, each with its own JCache
 * manager and near tier, over one Redis and one system of record (an in-memory H2 database).
 *
 * <ol>
 *   <li>warm-up: both instances read Zipf-popular balances from several threads; misses read
 *       through from the database (counted queries);
 *   <li>payments: instance 1 charges accounts (an SQL transaction, then {@code put} of the new
 *       balance, whose change message replaces every other near copy); instance 2 reads each
 *       balance right after and must see the new one; nothing stale is tolerated;
 *   <li>sessions: a cache with a 2 s time to live, written on instance 1, read on instance 2, gone
 *       from both after the TTL.
 * </ol>
 *
 * It ends with a table per instance and in total. Usage: {@code Demo [redis://host:port]}; without
 * an argument it uses {@code NEARCACHE_REDIS_URI}, and without that it starts a redis-server of its
 * own (and stops it).
 *
 * <pre>mvn -q -pl demo -am -DskipTests -Pdemo package [-Dexec.args=redis://127.0.0.1:6379]</pre>
 */
public final class Demo {
  static final int ACCOUNTS = 5_000;
  static final long NEAR_CACHE_SIZE = 500;
  static final long SEED = 42;
  static final long WARM_UP_MILLIS = 5_000;
  static final int WARM_UP_THREADS_PER_INSTANCE = 2;
  static final int PAYMENTS = 500;
  static final int EXAMPLES = 3;

  /** A balance not visible on the other instance this long after the write counts as stale. */
  static final long VISIBILITY_BOUND_MILLIS = 1_000;

  /** Pause between instance 2's reads while it still sees the old balance. */
  static final long RETRY_NANOS = 50_000;

  static final int SESSIONS = 200;
  static final long SESSION_TTL_MILLIS = 2_000;

  private final long startNanos;
  private final Random random = new Random(SEED);
  private final List<String> failures = new ArrayList<>();

  private Demo(long startNanos) {
    this.startNanos = startNanos;
  }

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    Demo demo = new Demo(start);
    String uri = args.length > 0 ? args[0] : System.getenv("NEARCACHE_REDIS_URI");
    RedisServer ownRedis = null;
    if (uri == null || uri.isBlank()) {
      ownRedis = RedisServer.start();
      uri = ownRedis.uri();
      demo.say("redis", "started " + ownRedis.binary() + " at " + uri);
    } else {
      demo.say("redis", "using " + uri);
    }
    try {
      demo.run(uri);
    } finally {
      if (ownRedis != null) {
        ownRedis.close();
        demo.say("redis", "stopped");
      }
    }
    demo.say("demo", String.format("finished in %.1f s", (System.nanoTime() - start) / 1e9));
    if (!demo.failures.isEmpty()) {
      throw new IllegalStateException("the demo found problems: " + demo.failures);
    }
  }

  private void run(String redisUri) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("redis.address", redisUri);
    properties.setProperty("key-prefix", "nc-demo:"); // apart from other data in a given Redis
    properties.setProperty("codec.allow", "dev.nearcache.demo.**"); // the Session record
    properties.setProperty("defaults.near-cache.maximum-size", Long.toString(NEAR_CACHE_SIZE));

    try (AccountDatabase db = AccountDatabase.create(ACCOUNTS, SEED)) {
      say("database", "H2 " + AccountDatabase.URL + ": " + Report.n(ACCOUNTS) + " accounts");
      ServiceInstance one = null;
      ServiceInstance two = null;
      try {
        one =
            ServiceInstance.open(
                "instance 1", URI.create("urn:billing-instance-1"), properties, SESSION_TTL_MILLIS);
        two =
            ServiceInstance.open(
                "instance 2", URI.create("urn:billing-instance-2"), properties, SESSION_TTL_MILLIS);
        one.balances.clear(); // leftovers of an interrupted run on a given Redis
        one.sessions.clear();
        say(
            "services",
            "instance 1 and instance 2: own CacheManager ("
                + one.manager.getURI()
                + ", "
                + two.manager.getURI()
                + "), own Redis connections, near tier of "
                + NEAR_CACHE_SIZE
                + " balances each; balances read through from H2");

        Zipf zipf = new Zipf(ACCOUNTS, SEED);
        warmUp(one, two, zipf);
        payments(one, two, db, zipf);
        sessions(one, two);

        List<Report.Row> rows = new ArrayList<>(List.of(Report.Row.of(one), Report.Row.of(two)));
        rows.add(Report.Row.total(rows));
        System.out.println();
        Report.table(rows).forEach(System.out::println);
        System.out.println();
        long queries = one.loader.queries() + two.loader.queries();
        say(
            "summary",
            "database queries by the read-through loaders: "
                + Report.n(queries)
                + " for "
                + Report.n(rows.get(2).reads())
                + " reads; "
                + (failures.isEmpty()
                    ? "no stale read, sessions expired on time"
                    : "PROBLEMS: " + failures));

        one.manager.destroyCache(ServiceInstance.BALANCES);
        one.manager.destroyCache(ServiceInstance.SESSIONS);
      } finally {
        if (two != null) {
          two.close();
        }
        if (one != null) {
          one.close();
        }
        say("services", "cache managers closed");
      }
    }
  }

  // ------------------------------------------------------------------ phase 1: warm-up

  private void warmUp(ServiceInstance one, ServiceInstance two, Zipf zipf)
      throws InterruptedException {
    say(
        "warm-up",
        String.format(
            "%d threads per instance read Zipf-popular balances for %d s"
                + " (the top %d accounts get %.0f%% of reads)",
            WARM_UP_THREADS_PER_INSTANCE,
            WARM_UP_MILLIS / 1000,
            NEAR_CACHE_SIZE,
            100 * zipf.shareOfTop((int) NEAR_CACHE_SIZE)));
    Snapshot last = Snapshot.of(one, two);
    try (Traffic traffic =
        new Traffic(List.of(one, two), WARM_UP_THREADS_PER_INSTANCE, zipf, 1, 0)) {
      long phaseStart = System.nanoTime();
      long lastAt = phaseStart;
      for (int second = 1; second * 1000L <= WARM_UP_MILLIS && !traffic.failed(); second++) {
        sleepUntil(phaseStart + TimeUnit.SECONDS.toNanos(second));
        Snapshot now = Snapshot.of(one, two);
        long at = System.nanoTime();
        Snapshot d = now.minus(last);
        double perSecond = d.reads * 1e9 / (at - lastAt);
        say(
            "warm-up",
            String.format(
                "%d s: %,9.0f reads/s   near %5.1f%%   Redis %5.1f%%   database %5.1f%%"
                    + "   (%,d loads so far)",
                second,
                perSecond,
                pct(d.nearHits, d.reads),
                pct(d.redisHits, d.reads),
                pct(d.loads, d.reads),
                now.loads));
        last = now;
        lastAt = at;
      }
    }
  }

  /** Counters of both instances' balance caches at one moment. */
  private record Snapshot(long reads, long nearHits, long redisHits, long loads) {
    static Snapshot of(ServiceInstance... instances) {
      long reads = 0;
      long nearHits = 0;
      long redisHits = 0;
      long loads = 0;
      for (ServiceInstance instance : instances) {
        NearCacheMetrics m = instance.balanceMetrics();
        reads += m.nearHits() + m.nearMisses();
        nearHits += m.nearHits();
        redisHits += m.redisHits();
        loads += instance.loader.queries();
      }
      return new Snapshot(reads, nearHits, redisHits, loads);
    }

    Snapshot minus(Snapshot o) {
      return new Snapshot(
          reads - o.reads, nearHits - o.nearHits, redisHits - o.redisHits, loads - o.loads);
    }
  }

  // ------------------------------------------------------------------ phase 2: payments

  private void payments(ServiceInstance one, ServiceInstance two, AccountDatabase db, Zipf zipf)
      throws Exception {
    say(
        "payments",
        "instance 1 takes "
            + PAYMENTS
            + " payments (SQL transaction, then put of the new balance);"
            + " instance 2 reads each balance right after; background readers keep going");
    List<Long> visibleMicros = new ArrayList<>();
    long oldReads = 0;
    int paymentsWithOldRead = 0;
    int stale = 0;
    Set<String> paid = new LinkedHashSet<>();
    try (Traffic traffic = new Traffic(List.of(one, two), 1, zipf, 20, 1_000)) {
      for (int i = 1; i <= PAYMENTS && !traffic.failed(); i++) {
        String account = zipf.next(random);
        Long before = two.balance(account); // instance 2 shows the balance (often a near hit)
        long amount = 100L + random.nextInt(4_901); // 1.00 to 50.00
        AccountDatabase.Payment payment = db.pay(account, amount);
        one.balances.put(account, payment.newBalanceCents());
        long acknowledged = System.nanoTime();
        long deadline = acknowledged + TimeUnit.MILLISECONDS.toNanos(VISIBILITY_BOUND_MILLIS);
        int oldHere = 0;
        Long seen = two.balance(account);
        while (!Objects.equals(seen, payment.newBalanceCents())) {
          if (!Objects.equals(seen, payment.oldBalanceCents()) || System.nanoTime() > deadline) {
            break;
          }
          oldHere++; // the change message is still on its way
          LockSupport.parkNanos(RETRY_NANOS);
          seen = two.balance(account);
        }
        long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - acknowledged);
        paid.add(account);
        boolean ok =
            Objects.equals(before, payment.oldBalanceCents())
                && Objects.equals(seen, payment.newBalanceCents())
                && Objects.equals(two.balance(account), payment.newBalanceCents())
                && Objects.equals(one.balance(account), payment.newBalanceCents());
        if (!ok) {
          stale++;
          say(
              "payments",
              "STALE: "
                  + account
                  + " record "
                  + money(payment.oldBalanceCents())
                  + " -> "
                  + money(payment.newBalanceCents())
                  + ", instance 2 had "
                  + money(before)
                  + " and read "
                  + money(seen));
        }
        visibleMicros.add(micros);
        oldReads += oldHere;
        paymentsWithOldRead += oldHere > 0 ? 1 : 0;
        if (i <= EXAMPLES) {
          say(
              "payments",
              String.format(
                  "instance 1 charged %s %s; instance 2 read %s: %s -> %s after %.2f ms%s",
                  account,
                  money(amount),
                  account,
                  money(before),
                  money(seen),
                  micros / 1000.0,
                  oldHere == 0
                      ? ""
                      : " ("
                          + oldHere
                          + " earlier read"
                          + (oldHere == 1 ? "" : "s")
                          + " still got the old balance: the change message was in flight)"));
        }
        if (i % 100 == 0) {
          long[] sorted = visibleMicros.stream().mapToLong(Long::longValue).sorted().toArray();
          say(
              "payments",
              String.format(
                  "%d/%d: new balance visible on instance 2 after p50 %s, p99 %s;"
                      + " stale reads %d",
                  i,
                  PAYMENTS,
                  Report.millis(Report.percentile(sorted, 50)),
                  Report.millis(Report.percentile(sorted, 99)),
                  stale));
        }
      }
    }
    // Audit: every account that was paid, in the database and on both instances.
    Map<String, Long> record = db.allBalances();
    int mismatches = 0;
    for (String account : paid) {
      Long expected = record.get(account);
      if (!Objects.equals(one.balance(account), expected)
          || !Objects.equals(two.balance(account), expected)) {
        mismatches++;
      }
    }
    say(
        "payments",
        String.format(
            "%d payments in the ledger, %d accounts; audit: database = instance 1 ="
                + " instance 2 for %d of %d",
            db.paymentCount(), paid.size(), paid.size() - mismatches, paid.size()));
    long[] sorted = visibleMicros.stream().mapToLong(Long::longValue).sorted().toArray();
    say(
        "payments",
        String.format(
            "stale reads: %d   (new balance visible on instance 2 after p50 %s, p99 %s,"
                + " max %s; in %d of %d payments a read made before the change message arrived still got the"
                + " previous balance, %d reads in all)",
            stale + mismatches,
            Report.millis(Report.percentile(sorted, 50)),
            Report.millis(Report.percentile(sorted, 99)),
            Report.millis(sorted.length == 0 ? -1 : sorted[sorted.length - 1]),
            paymentsWithOldRead,
            PAYMENTS,
            oldReads));
    if (stale + mismatches > 0) {
      failures.add((stale + mismatches) + " stale reads");
    }
  }

  // ------------------------------------------------------------------ phase 3: sessions

  private void sessions(ServiceInstance one, ServiceInstance two) throws InterruptedException {
    say(
        "sessions",
        String.format(
            "instance 1 creates %d sessions with a %.1f s time to live (CreatedExpiryPolicy)",
            SESSIONS, SESSION_TTL_MILLIS / 1000.0));
    List<String> ids = new ArrayList<>();
    long created = System.nanoTime();
    for (int i = 1; i <= SESSIONS; i++) {
      String id = "sess-" + i;
      String account = AccountDatabase.accountId(1 + random.nextInt(ACCOUNTS));
      one.sessions.put(id, new Session(id, "user-" + i, account, Instant.now()));
      ids.add(id);
    }
    long lastCreated = System.nanoTime();
    say(
        "sessions",
        "instance 2 finds "
            + live(two, ids)
            + "/"
            + SESSIONS
            + " of them, then "
            + live(two, ids)
            + "/"
            + SESSIONS
            + " again (now from its near tier)");
    long deadline = lastCreated + TimeUnit.MILLISECONDS.toNanos(SESSION_TTL_MILLIS + 3_000);
    long nextReport = created + TimeUnit.MILLISECONDS.toNanos(500);
    while (true) {
      sleepUntil(nextReport);
      int live1 = live(one, ids);
      int live2 = live(two, ids);
      double age = (System.nanoTime() - created) / 1e9;
      say(
          "sessions",
          String.format(
              "%.1f s after creation: %d live on instance 1, %d on instance 2", age, live1, live2));
      if (live1 == 0 && live2 == 0) {
        say(
            "sessions",
            String.format(
                "all expired on both instances (time to live %.1f s)",
                SESSION_TTL_MILLIS / 1000.0));
        break;
      }
      if (System.nanoTime() > deadline) {
        failures.add("sessions still live " + age + " s after creation");
        break;
      }
      nextReport += TimeUnit.MILLISECONDS.toNanos(500);
    }
  }

  private static int live(ServiceInstance instance, List<String> ids) {
    int live = 0;
    for (String id : ids) {
      Session s = instance.session(id);
      if (s != null) {
        if (!s.id().equals(id)) {
          throw new IllegalStateException("session " + id + " read as " + s);
        }
        live++;
      }
    }
    return live;
  }

  // ------------------------------------------------------------------ helpers

  private static final ThreadLocal<DecimalFormat> MONEY =
      ThreadLocal.withInitial(
          () -> new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US)));

  static String money(Long cents) {
    return cents == null ? "null" : MONEY.get().format(BigDecimal.valueOf(cents, 2));
  }

  private static double pct(long part, long whole) {
    return whole == 0 ? 0 : 100.0 * part / whole;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  private void say(String phase, String what) {
    System.out.printf("[%5.1f s] %-9s %s%n", (System.nanoTime() - startNanos) / 1e9, phase, what);
    System.out.flush();
  }
}
