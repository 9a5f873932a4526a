package dev.nearcache.hibernate;

import dev.nearcache.hibernate.model.Cached;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Concurrent updates and reads of the same rows through several session factories (each its own
 * cache manager, near tier, Redis connections and JDBC connections): one writer per factory
 * increments a row's value (locked in the database, so the committed values of a row are 1, 2, 3,
 * ...) and writes it both into the entity's {@code name} and into the first element of its
 * collection; readers on every factory read the rows through each path of the second-level cache
 * and compare what they get with the newest value acknowledged (the writer's commit returned)
 * before the read began. A read that returns an older value is stale; its age is the time since the
 * first newer value was acknowledged.
 */
final class UpdateRace {
  /** The paths a read can take through the second-level cache. */
  enum Path {
    ENTITY,
    COLLECTION,
    NATURAL_ID,
    QUERY
  }

  /** What one run saw, per path. */
  static final class Report {
    final Map<Path, AtomicLong> reads = counters();
    final Map<Path, AtomicLong> stale = counters();
    final Map<Path, AtomicLong> maxStaleMicros = counters();
    final Map<Path, List<String>> notConverged = new EnumMap<>(Path.class);
    long updates;

    private static Map<Path, AtomicLong> counters() {
      Map<Path, AtomicLong> counters = new EnumMap<>(Path.class);
      for (Path path : Path.values()) {
        counters.put(path, new AtomicLong());
      }
      return counters;
    }

    /** Stale reads older than {@code bound}, per path (zero for every path when correct). */
    Map<Path, Long> staleBeyond(Duration bound) {
      Map<Path, Long> beyond = new EnumMap<>(Path.class);
      for (Path path : Path.values()) {
        long micros = maxStaleMicros.get(path).get();
        beyond.put(path, micros > bound.toNanos() / 1000 ? micros : 0L);
      }
      return beyond;
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("updates=" + updates);
      for (Path path : Path.values()) {
        text.append(
            String.format(
                "; %s reads=%d stale=%d maxStale=%.1fms",
                path,
                reads.get(path).get(),
                stale.get(path).get(),
                maxStaleMicros.get(path).get() / 1000.0));
      }
      text.append("; not converged=").append(notConverged);
      return text.toString();
    }
  }

  private final Class<? extends Cached> type;
  private final List<SessionFactory> factories;
  private final long[] ids;
  private final AtomicLongArray acknowledged;
  private final List<NavigableMap<Long, Long>> acknowledgedAt = new ArrayList<>();
  private final Report report = new Report();
  private final boolean deletes;

  /**
   * {@code rows} new rows of {@code type}. An immutable type (READ_ONLY) cannot be updated: its
   * writers delete rows instead, and a row's value is 0 while it exists, 1 once deleted.
   */
  UpdateRace(Class<? extends Cached> type, List<SessionFactory> factories, int rows) {
    this.type = type;
    this.factories = factories;
    this.deletes = type.isAnnotationPresent(org.hibernate.annotations.Immutable.class);
    this.ids = new long[rows];
    this.acknowledged = new AtomicLongArray(rows);
    for (int row = 0; row < rows; row++) {
      ids[row] = Factories.nextId();
      acknowledgedAt.add(new ConcurrentSkipListMap<>());
    }
    factories
        .get(0)
        .inTransaction(
            s -> {
              for (long id : ids) {
                s.persist(Entities.create(type, id, code(id), "0", List.of("0")));
              }
            });
  }

  private static String code(long id) {
    return "race-" + id;
  }

  /**
   * Runs {@code readersPerFactory} readers on every factory for {@code rounds} rounds, each a burst
   * of writes ({@code burst}, a writer per factory) followed by a quiet period ({@code quiet}): a
   * state that a racing load put into the cache after an update's invalidation would still be
   * served in the quiet period, where its age grows past any bound. Then waits {@code settle} and
   * reads every row on every factory once more through every path: each must return the row's last
   * committed value.
   */
  Report run(int rounds, Duration burst, Duration quiet, int readersPerFactory, Duration settle)
      throws InterruptedException {
    long round = burst.toNanos() + quiet.toNanos();
    long begin = System.nanoTime();
    long end = begin + rounds * round;
    List<Thread> threads = new ArrayList<>();
    AtomicLong updates = new AtomicLong();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (SessionFactory factory : factories) {
      threads.add(
          thread(
              failures,
              () -> {
                long now;
                while ((now = System.nanoTime()) < end) {
                  if ((now - begin) % round >= burst.toNanos()) {
                    LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
                  } else if (update(factory)) {
                    updates.incrementAndGet();
                  }
                }
              }));
      for (int r = 0; r < readersPerFactory; r++) {
        threads.add(
            thread(
                failures,
                () -> {
                  ThreadLocalRandom random = ThreadLocalRandom.current();
                  while (System.nanoTime() < end) {
                    read(factory, random.nextInt(ids.length), Path.values()[random.nextInt(4)]);
                  }
                }));
      }
    }
    for (Thread thread : threads) {
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    if (!failures.isEmpty()) {
      AssertionError error = new AssertionError("a racing thread failed", failures.get(0));
      failures.stream().skip(1).forEach(error::addSuppressed);
      throw error;
    }
    report.updates = updates.get();
    LockSupport.parkNanos(settle.toNanos());
    for (int f = 0; f < factories.size(); f++) {
      for (int row = 0; row < ids.length; row++) {
        for (Path path : Path.values()) {
          long value = readValue(factories.get(f), ids[row], path);
          if (value != acknowledged.get(row)) {
            report
                .notConverged
                .computeIfAbsent(path, p -> new ArrayList<>())
                .add(
                    "factory "
                        + f
                        + " row "
                        + row
                        + ": "
                        + value
                        + " not "
                        + acknowledged.get(row));
          }
        }
      }
    }
    return report;
  }

  private static Thread thread(List<Throwable> failures, Runnable body) {
    Thread thread =
        new Thread(
            () -> {
              try {
                body.run();
              } catch (Throwable t) {
                failures.add(t);
              }
            });
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Increments a random row's value (or deletes the row), locked in the database, and records when
   * it was acknowledged; false if there was nothing to do (the row was deleted already).
   */
  private boolean update(SessionFactory factory) {
    int row = ThreadLocalRandom.current().nextInt(ids.length);
    long id = ids[row];
    long written =
        factory.fromTransaction(
            s -> {
              Cached found = s.find(type, id, LockModeType.PESSIMISTIC_WRITE);
              if (deletes) {
                if (found == null) {
                  return 0L;
                }
                s.remove(found);
                return 1L;
              }
              long next = Long.parseLong(found.getName()) + 1;
              found.setName(Long.toString(next));
              found.getTags().set(0, Long.toString(next));
              return next;
            });
    if (written == 0) {
      return false;
    }
    acknowledgedAt.get(row).put(written, System.nanoTime());
    acknowledged.accumulateAndGet(row, written, Math::max);
    return true;
  }

  private void read(SessionFactory factory, int row, Path path) {
    long floor = acknowledged.get(row);
    long start = System.nanoTime();
    long value = readValue(factory, ids[row], path);
    report.reads.get(path).incrementAndGet();
    if (value < floor) {
      report.stale.get(path).incrementAndGet();
      long replacedAt =
          acknowledgedAt.get(row).subMap(value, false, floor, true).values().stream()
              .mapToLong(Long::longValue)
              .min()
              .orElse(start);
      report.maxStaleMicros.get(path).accumulateAndGet((start - replacedAt) / 1000, Math::max);
    }
  }

  // bySimpleNaturalId is deprecated in Hibernate 7.4, whose replacement 7.2 does not have.
  @SuppressWarnings("deprecation")
  private long readValue(SessionFactory factory, long id, Path path) {
    if (deletes) {
      return exists(factory, id, path) ? 0 : 1;
    }
    try (Session s = factory.openSession()) {
      String value =
          switch (path) {
            case ENTITY -> s.find(type, id).getName();
            case COLLECTION -> s.find(type, id).getTags().get(0);
            case NATURAL_ID -> s.bySimpleNaturalId(type).load(code(id)).getName();
            case QUERY ->
                s.createQuery(
                        "select c.name from " + type.getSimpleName() + " c where c.id = :id",
                        String.class)
                    .setParameter("id", id)
                    .setCacheable(true)
                    .getSingleResult();
          };
      return Long.parseLong(value);
    }
  }

  // bySimpleNaturalId is deprecated in Hibernate 7.4, whose replacement 7.2 does not have.
  @SuppressWarnings("deprecation")
  private boolean exists(SessionFactory factory, long id, Path path) {
    try (Session s = factory.openSession()) {
      return switch (path) {
        case ENTITY -> s.find(type, id) != null;
        case COLLECTION -> {
          Cached found = s.find(type, id);
          yield found != null && found.getTags().size() == 1;
        }
        case NATURAL_ID -> s.bySimpleNaturalId(type).load(code(id)) != null;
        case QUERY ->
            !s.createQuery(
                    "select c.name from " + type.getSimpleName() + " c where c.id = :id",
                    String.class)
                .setParameter("id", id)
                .setCacheable(true)
                .getResultList()
                .isEmpty();
      };
    }
  }
}
