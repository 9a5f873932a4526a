package dev.nearcache.jcache;

import static dev.nearcache.jcache.internal.redis.RedisStore.ABSENT;
import static dev.nearcache.jcache.internal.redis.RedisStore.ETERNAL;
import static dev.nearcache.jcache.internal.redis.RedisStore.UNCHANGED;

import dev.nearcache.jcache.internal.event.EventDispatcher;
import dev.nearcache.jcache.internal.management.CacheMXBeanImpl;
import dev.nearcache.jcache.internal.management.CacheStatistics;
import dev.nearcache.jcache.internal.near.NearPath;
import dev.nearcache.jcache.internal.redis.OldValue;
import dev.nearcache.jcache.internal.redis.PutCondition;
import dev.nearcache.jcache.internal.redis.RedisStore;
import dev.nearcache.jcache.internal.redis.Reply;
import dev.nearcache.jcache.internal.redis.ReplyStatus;
import dev.nearcache.jcache.internal.redis.ScriptExecutor.Call;
import dev.nearcache.near.NearCacheMetrics;
import dev.nearcache.near.internal.NearEntry;
import dev.nearcache.serialization.Codec;
import dev.nearcache.serialization.KeyEncoder;
import dev.nearcache.serialization.SerializationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.event.EventType;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache {@link Cache} whose entries live in Redis. Every single-key operation is one Lua script
 * and one round trip ({@link RedisStore}); bulk operations pipeline. This class holds the
 * specification's semantics: argument checks, read-through, write-through, expiry policy calls,
 * events and statistics.
 *
 * <p>Two paths: with one of the standard expiry policies and no writer in the way, an operation
 * sends all it needs in one script call. With a custom expiry policy (which must be asked only the
 * question that applies) or a writer on a conditional operation (which must be called only when the
 * write will happen), the operation first asks the script what it would do ("plan"), then commits
 * by version, and plans again if another writer got there first.
 */
public final class RedisCache<K, V> implements Cache<K, V> {
  private final RedisCacheManager manager;
  private final String name;
  private final RedisCacheConfiguration<K, V> configuration;
  private final RedisStore store;
  private final KeyEncoder keys;
  private final Codec values;
  private final ExpiryRules expiry;
  private final CacheLoader<K, V> loader;
  private final CacheWriter<K, V> writer;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics;

  /** Serialises this JVM's entry processors per key. */
  private final KeyLocks invokeLocks = new KeyLocks();

  private final CacheMXBeanImpl mxBean;
  private final Executor executor;
  private final NearPath near;

  /** The configured key and value types, checked on every argument (nothing for Object). */
  private final TypeCheck types;

  /** redis.max-entry-size, checked on every encoded key and value before it is sent. */
  private final EntrySizeLimit sizes;

  /** Access-based expiry of near hits, sent to Redis in batches; null when hits need none. */
  private final AccessTouches touches;

  /**
   * Near hits need no work beyond the lookup: no access expiry to report (see {@link #nearHit}).
   */
  private final boolean plainNearHits;

  /**
   * The last key class the near tier holds as itself (a cache usually sees one key type); lets the
   * hit path skip that question. A racy cache of an immutable answer, so no fence.
   */
  private Class<?> objectKeyType;

  private volatile boolean closed;

  /**
   * {@link #READ_PAST_FAST_PATH}, read from a field so that the JIT cannot treat it as a constant.
   */
  private final java.lang.invoke.MethodHandle pastFastPath = READ_PAST_FAST_PATH;

  @SuppressWarnings("unchecked")
  RedisCache(
      RedisCacheManager manager,
      String name,
      RedisCacheConfiguration<K, V> configuration,
      RedisStore store,
      KeyEncoder keys,
      Codec values,
      Executor executor,
      java.util.function.Function<ExpiryRules, NearPath> nearFactory,
      ScheduledExecutorService scheduler) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.store = store;
    this.keys = keys;
    this.values = values;
    this.executor = executor;
    this.types = new TypeCheck(name, configuration.getKeyType(), configuration.getValueType());
    this.sizes = new EntrySizeLimit(name, manager.settings().redis().maxEntrySize());
    this.expiry = new ExpiryRules(configuration.getExpiryPolicyFactory().create());
    this.loader =
        configuration.getCacheLoaderFactory() == null
            ? null
            : configuration.getCacheLoaderFactory().create();
    this.writer =
        configuration.isWriteThrough() && configuration.getCacheWriterFactory() != null
            ? (CacheWriter<K, V>) configuration.getCacheWriterFactory().create()
            : null;
    this.events = new EventDispatcher<>(this, executor);
    for (CacheEntryListenerConfiguration<K, V> listener :
        configuration.getCacheEntryListenerConfigurations()) {
      events.register(listener);
    }
    this.statistics = new CacheStatistics();
    this.statistics.setEnabled(configuration.isStatisticsEnabled());
    this.mxBean = new CacheMXBeanImpl(this::currentConfiguration);
    this.near = nearFactory.apply(expiry);
    this.touches =
        near != NearPath.DISABLED && expiry.fixed() && expiry.access() > 0
            ? new AccessTouches(store, expiry.access(), scheduler)
            : null;
    statistics.onCountingChange(this::recordNearReads);
    this.plainNearHits =
        near != NearPath.DISABLED && touches == null && expiry.fixed() && expiry.access() != 0;
  }

  /**
   * The near tier's read counters follow the cache's counting switch (statistics on, or a meter
   * binder counting), as the cache's own counters do: a near hit does so little that even an
   * uncontended atomic increment is a noticeable part of it (BENCHMARKS.md, findings 8).
   */
  private void recordNearReads(boolean enabled) {
    NearCacheMetrics metrics = near.metrics();
    if (metrics != null) {
      metrics.recordReads(enabled);
    }
  }

  /**
   * The near tier's counters, or null when it is off. Reads (near and Redis hits and misses) are
   * counted while the cache counts (see {@link #counts()}); invalidations, gaps, clears, lost races
   * and the invalidation-delay histogram always.
   */
  public NearCacheMetrics nearCacheMetrics() {
    return near.metrics();
  }

  /**
   * How many of the cache's segments the near tier serves from now: those whose subscription is
   * confirmed, whose baseline was read and whose lease (the last reconciliation that found nothing
   * missing) has not run out. Equal to the segment count in normal operation; lower while a segment
   * (re)subscribes or after a fault, when its reads go to Redis. 0 when the near tier is off
   * ({@link #nearCacheMetrics()} is then null) and once the cache is closed. Looks at every
   * segment: meant for a gauge, not for each operation.
   */
  public int nearSegmentsServing() {
    return closed ? 0 : near.segmentsServing();
  }

  /**
   * The cache's totals since it was opened in this JVM (never reset), for meter registries. They
   * grow while statistics are enabled or a {@link #startCounting() counting handle} is open.
   */
  public CacheCounts counts() {
    return statistics; // its never-reset totals; the JCache view is a separate set of getters
  }

  /**
   * Counts this cache's operations, and the near tier's reads, until the handle is closed, whatever
   * the statistics switch says: what a meter binder holds while bound. Costs a near hit one atomic
   * increment, as statistics do.
   */
  public CacheCounts.Handle startCounting() {
    Runnable stop = statistics.startCounting();
    return stop::run;
  }

  /** Keys whose entry-processor lock is held or awaited now (tests: idle keys keep none). */
  int invokeLocksInUse() {
    return invokeLocks.inUse();
  }

  CacheStatistics statistics() {
    return statistics;
  }

  CacheMXBeanImpl mxBean() {
    return mxBean;
  }

  RedisStore store() {
    return store;
  }

  @SuppressWarnings("unchecked") // a class literal is raw: RedisCacheConfiguration, not <K, V>
  private CompleteConfiguration<?, ?> currentConfiguration() {
    return getConfiguration(RedisCacheConfiguration.class);
  }

  // ------------------------------------------------------------------ reads

  @Override
  public V get(K key) {
    requireOpen();
    requireKey(key);
    if (plainNearHits && key.getClass() == objectKeyType && !statistics.isCounting()) {
      // The common near hit, kept small enough for the JIT to inline whole: a key held as
      // itself, an immutable value held as an object, nothing to record, no access to report.
      NearEntry hit = near.lookup(key);
      if (hit != null && hit.value() != null) {
        @SuppressWarnings("unchecked")
        V value = (V) hit.value();
        return value;
      }
      return pastFastPath(key, hit);
    }
    return getRecorded(key);
  }

  /**
   * The rest of a {@link #get} whose fast path found no plain hit, called through a method handle
   * read from a field. The JIT inlines only through constant handles, so this call stays a call:
   * the compiled fast path stays small whatever share of misses the warm-up showed the JIT.
   * Inlined, the whole miss path (down to Redisson's script call) would be compiled into every hit,
   * and a large compiled {@code get} is itself inlined less readily into its callers, so hot reads
   * would pay for code they never run (BENCHMARKS.md, findings 8). A miss costs a round trip; the
   * indirect call is noise beside it.
   */
  @SuppressWarnings("unchecked")
  private V pastFastPath(K key, NearEntry hit) {
    try {
      return (V) (Object) pastFastPath.invokeExact(this, (Object) key, hit);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new CacheException("Cache '" + name + "': unexpected failure reading " + key, t);
    }
  }

  @SuppressWarnings("UnusedMethod") // called through READ_PAST_FAST_PATH, found by name below
  private Object readPastFastPath(Object key, NearEntry hit) {
    @SuppressWarnings("unchecked")
    K k = (K) key;
    return readPastNear(k, null, key, hit);
  }

  private static final java.lang.invoke.MethodHandle READ_PAST_FAST_PATH;

  static {
    try {
      READ_PAST_FAST_PATH =
          java.lang.invoke.MethodHandles.lookup()
              .findVirtual(
                  RedisCache.class,
                  "readPastFastPath",
                  java.lang.invoke.MethodType.methodType(
                      Object.class, Object.class, NearEntry.class));
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** {@link #get} in full: timed for the statistics, keys encoded where the near tier needs it. */
  private V getRecorded(K key) {
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    try {
      byte[] k = null;
      if (near.keyHeldAsObject(key.getClass())) {
        objectKeyType = key.getClass();
      } else {
        k = encodeKey(key);
      }
      Object nk = near.key(key, k);
      return readPastNear(key, k, nk, near.lookup(nk));
    } finally {
      if (start != 0) {
        statistics.recordGetTime(System.nanoTime() - start);
      }
    }
  }

  /**
   * Serves a near hit (if any) or reads Redis, then the loader; {@code k} may be null for keys held
   * as themselves.
   */
  private V readPastNear(K key, byte[] k, Object nk, NearEntry hit) {
    if (hit != null) {
      V value = nearHit(nk, k, key, hit);
      if (value != null) {
        return value;
      }
    }
    byte[] encoded = k != null ? k : encodeKey(key);
    Reply reply =
        near.read(nk, encoded, () -> store.run(store.get(encoded, expiry.accessForRead())));
    V value = afterRead(key, encoded, nk, reply);
    if (value == null && isReadThrough()) {
      value = loadAndStore(key, encoded);
    }
    events.dispatch();
    return value;
  }

  /**
   * A read served by the near tier: counted as a hit; access-based expiry still reaches Redis
   * (batched for the standard policies, at once for a custom one, which must be asked each time).
   * Returns null when the access expired the entry (the caller then reads Redis).
   */
  private V nearHit(Object nk, byte[] k, K key, NearEntry hit) {
    if (touches != null) {
      near.extend(hit, expiry.access());
      touches.touched(k != null ? k : encodeKey(key));
    } else if (!expiry.fixed() || expiry.access() == 0) {
      long access = expiry.access();
      if (access != UNCHANGED) {
        byte[] encoded = k != null ? k : encodeKey(key);
        store.run(store.commitTouch(encoded, access, hit.version()));
        if (access == 0) {
          near.invalidate(nk);
        } else {
          near.extend(hit, access);
        }
      }
    }
    statistics.recordHits(1);
    @SuppressWarnings("unchecked")
    V value = hit.value() != null ? (V) hit.value() : decodeValue(hit.payload());
    return value;
  }

  /** Counts a hit or miss, reports an expired entry, applies a custom access expiry. */
  private V afterRead(K key, byte[] k, Object nk, Reply reply) {
    if (reply.status() == ReplyStatus.EXPIRED) {
      publishExpired(key, reply.payload());
    }
    if (reply.status() != ReplyStatus.HIT) {
      statistics.recordMisses(1);
      return null;
    }
    statistics.recordHits(1);
    V value = decodeValue(reply.payload());
    if (!expiry.fixed() && touch(k, reply.version())) {
      // The near copy (if one was installed) carries the old deadline.
      near.invalidate(nk);
    }
    return value;
  }

  /** Applies a custom policy's access duration to the version that was read (if still there). */
  private boolean touch(byte[] k, long version) {
    long access = expiry.access();
    if (access != UNCHANGED) {
      store.run(store.commitTouch(k, access, version));
      return true;
    }
    return false;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keySet) {
    requireOpen();
    Objects.requireNonNull(keySet, "keys must not be null");
    for (K key : keySet) {
      requireKey(key);
    }
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    Map<K, V> result = new LinkedHashMap<>(keySet.size() * 2);
    // Near hits first; the rest is read from Redis in one pipelined batch.
    List<K> order = new ArrayList<>(keySet.size());
    List<byte[]> encoded = new ArrayList<>(keySet.size());
    List<Object> nearKeys = new ArrayList<>(keySet.size());
    for (K key : keySet) {
      byte[] k = near.keyHeldAsObject(key.getClass()) ? null : encodeKey(key);
      Object nk = near.key(key, k);
      NearEntry hit = near.lookup(nk);
      V value = hit == null ? null : nearHit(nk, k, key, hit);
      if (value != null) {
        result.put(key, value);
      } else {
        order.add(key);
        encoded.add(k != null ? k : encodeKey(key));
        nearKeys.add(nk);
      }
    }
    List<Reply> replies =
        encoded.isEmpty()
            ? List.of()
            : near.readAll(nearKeys, encoded, () -> store.getMany(encoded, expiry.accessForRead()));
    List<K> missing = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      V value = afterRead(order.get(i), encoded.get(i), nearKeys.get(i), replies.get(i));
      if (value != null) {
        result.put(order.get(i), value);
      } else {
        missing.add(order.get(i));
      }
    }
    if (!missing.isEmpty() && isReadThrough()) {
      result.putAll(loadAllAndStore(missing, false));
    }
    events.dispatch();
    if (start != 0) {
      statistics.recordGetTime(System.nanoTime() - start);
    }
    return result;
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    requireKey(key);
    byte[] k = near.keyHeldAsObject(key.getClass()) ? null : encodeKey(key);
    if (near.lookup(near.key(key, k)) != null) {
      return true;
    }
    return store.run(store.contains(k != null ? k : encodeKey(key))).status() == ReplyStatus.HIT;
  }

  // ------------------------------------------------------------------ loading

  private boolean isReadThrough() {
    return configuration.isReadThrough() && loader != null;
  }

  private V callLoader(K key) {
    V loaded;
    try {
      loaded = loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException("Cache '" + name + "': the loader failed for key " + key, e);
    }
    if (loaded != null) {
      checkLoaded(key, loaded);
    }
    return loaded;
  }

  /**
   * A loader is the application's code, typed only by generics that erasure does not enforce: a
   * value of a class the cache does not hold would otherwise be stored in Redis and handed to every
   * caller as the wrong type. Refused before anything is stored, as the loader's failure.
   */
  private void checkLoaded(Object key, Object value) {
    try {
      types.key(key);
      types.value(value);
    } catch (ClassCastException e) {
      throw new CacheLoaderException(
          "Cache '"
              + name
              + "': the loader returned an entry the cache cannot hold, for key "
              + key
              + ": "
              + e.getMessage()
              + "; nothing was stored",
          e);
    }
  }

  /** Read-through of one key: loads, stores unless another writer stored first, reports CREATED. */
  private V loadAndStore(K key, byte[] k) {
    V loaded = callLoader(key);
    if (loaded == null) {
      return null;
    }
    storeLoaded(key, k, loaded, false);
    return loaded;
  }

  private void storeLoaded(K key, byte[] k, V loaded, boolean replaceExisting) {
    byte[] v = encodeValue(loaded);
    Reply reply;
    Object nk = near.key(key, k);
    if (replaceExisting) {
      reply = near.write(nk, k, loaded, v, () -> put(k, v, OldValue.DISCARD));
    } else {
      reply =
          near.write(
              nk,
              k,
              loaded,
              v,
              () ->
                  store.run(
                      store.put(
                          k,
                          v,
                          PutCondition.IF_ABSENT,
                          expiry.create(),
                          UNCHANGED,
                          OldValue.DISCARD)));
    }
    afterLoadStored(key, loaded, reply);
  }

  private void afterLoadStored(K key, V loaded, Reply reply) {
    if (reply.status() == ReplyStatus.CREATED) {
      events.publish(EventType.CREATED, key, loaded, null);
    } else if (reply.status() == ReplyStatus.UPDATED) {
      events.publish(EventType.UPDATED, key, loaded, decodeOld(reply));
    }
  }

  private Map<K, V> loadAllAndStore(Collection<K> keysToLoad, boolean replaceExisting) {
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(keysToLoad);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException("Cache '" + name + "': the loader failed in loadAll", e);
    }
    Map<K, V> stored = new LinkedHashMap<>();
    if (loaded == null) {
      return stored;
    }
    for (Map.Entry<K, V> e : loaded.entrySet()) {
      if (e.getKey() != null && e.getValue() != null) {
        checkLoaded(e.getKey(), e.getValue()); // every entry before any is stored
      }
    }
    for (Map.Entry<K, V> e : loaded.entrySet()) {
      if (e.getKey() != null && e.getValue() != null) {
        storeLoaded(e.getKey(), encodeKey(e.getKey()), e.getValue(), replaceExisting);
        stored.put(e.getKey(), e.getValue());
      }
    }
    return stored;
  }

  @Override
  public void loadAll(
      Set<? extends K> keySet, boolean replaceExistingValues, CompletionListener listener) {
    requireOpen();
    Objects.requireNonNull(keySet, "keys must not be null");
    for (K key : keySet) {
      requireKey(key);
    }
    CompletionListener done = listener == null ? NO_LISTENER : listener;
    if (loader == null) {
      done.onCompletion();
      return;
    }
    List<K> work = new ArrayList<>(keySet);
    executor.execute(
        () -> {
          try {
            List<K> toLoad = work;
            if (!replaceExistingValues) {
              toLoad = new ArrayList<>();
              for (K key : work) {
                if (!containsKey(key)) {
                  toLoad.add(key);
                }
              }
            }
            if (!toLoad.isEmpty()) {
              loadAllAndStore(toLoad, replaceExistingValues);
            }
            events.dispatch();
            done.onCompletion();
          } catch (Exception e) {
            events.discard();
            done.onException(e);
          }
        });
  }

  private static final CompletionListener NO_LISTENER =
      new CompletionListener() {
        @Override
        public void onCompletion() {}

        @Override
        public void onException(Exception e) {}
      };

  // ------------------------------------------------------------------ writes

  @Override
  public void put(K key, V value) {
    requireOpen();
    requireKey(key);
    requireValue(value);
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    byte[] k = encodeKey(key);
    byte[] v = encodeValue(value);
    writeThrough(key, value);
    boolean wantOld = events.requiresOldValue(EventType.UPDATED);
    Reply reply =
        near.write(near.key(key, k), k, value, v, () -> put(k, v, OldValue.returnedIf(wantOld)));
    afterPut(key, value, reply);
    events.dispatch();
    if (start != 0) {
      statistics.recordPutTime(System.nanoTime() - start);
    }
  }

  /**
   * An unconditional put; one call with a fixed policy, plan and commit by version with a custom
   * one (the policy is asked only the question that applies: creation or update).
   */
  private Reply put(byte[] k, byte[] v, OldValue old) {
    if (expiry.fixed()) {
      return store.run(store.put(k, v, PutCondition.ALWAYS, expiry.create(), expiry.update(), old));
    }
    Call plan = store.planPut(k, v, PutCondition.ALWAYS, old);
    return planThenCommit(
        plan,
        p ->
            switch (p.status()) {
              case CREATED ->
                  store.commitPut(
                      k, v, PutCondition.ALWAYS, expiry.create(), UNCHANGED, old, ABSENT);
              case UPDATED ->
                  store.commitPut(
                      k, v, PutCondition.ALWAYS, ETERNAL, expiry.update(), old, p.version());
              default -> null;
            });
  }

  /**
   * Asks the script what it would do, commits what {@code commit} makes of it, re-plans on
   * conflict.
   */
  private Reply planThenCommit(Call plan, Function<Reply, Call> commit) {
    while (true) {
      Reply planned = store.run(plan);
      Call call = commit.apply(planned);
      if (call == null) {
        return planned;
      }
      Reply done = store.run(call);
      if (done.status() != ReplyStatus.CONFLICT) {
        return done;
      }
    }
  }

  private void afterPut(K key, V value, Reply reply) {
    afterPut(key, value, reply, reply.status() == ReplyStatus.UPDATED ? decodeOld(reply) : null);
  }

  @Override
  public V getAndPut(K key, V value) {
    requireOpen();
    requireKey(key);
    requireValue(value);
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    byte[] k = encodeKey(key);
    byte[] v = encodeValue(value);
    writeThrough(key, value);
    Reply reply = near.write(near.key(key, k), k, value, v, () -> put(k, v, OldValue.RETURN));
    V old = reply.status() == ReplyStatus.UPDATED ? decodeValue(reply.payload()) : null;
    if (old != null) {
      statistics.recordHits(1);
    } else {
      statistics.recordMisses(1);
    }
    afterPut(key, value, reply, old);
    events.dispatch();
    if (start != 0) {
      long elapsed = System.nanoTime() - start;
      statistics.recordGetTime(elapsed);
      statistics.recordPutTime(elapsed);
    }
    return old;
  }

  private void afterPut(K key, V value, Reply reply, V old) {
    if (reply.status() == ReplyStatus.CREATED) {
      statistics.recordPuts(1);
      events.publish(EventType.CREATED, key, value, null);
    } else if (reply.status() == ReplyStatus.UPDATED) {
      statistics.recordPuts(1);
      events.publish(EventType.UPDATED, key, value, old);
    }
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map must not be null");
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      requireKey(e.getKey());
      requireValue(e.getValue());
    }
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    Map<K, byte[][]> encoded = new LinkedHashMap<>(map.size() * 2);
    Map<K, V> byKey = new LinkedHashMap<>(map.size() * 2);
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      encoded.put(e.getKey(), new byte[][] {encodeKey(e.getKey()), encodeValue(e.getValue())});
      byKey.put(e.getKey(), e.getValue());
    }
    CacheWriterException writerFailure = null;
    if (writer != null && !byKey.isEmpty()) {
      List<Cache.Entry<? extends K, ? extends V>> pending = new ArrayList<>(byKey.size());
      for (Map.Entry<K, V> e : byKey.entrySet()) {
        pending.add(new RedisCacheEntry<>(e.getKey(), e.getValue()));
      }
      try {
        writer.writeAll(pending);
      } catch (Exception e) {
        writerFailure = asWriterException(e);
        // What the writer left in the collection was not written: it must not enter the cache.
        for (Cache.Entry<? extends K, ? extends V> failed : pending) {
          encoded.remove(failed.getKey());
        }
      }
    }
    boolean wantOld = events.requiresOldValue(EventType.UPDATED);
    List<K> order = new ArrayList<>(encoded.keySet());
    List<Reply> replies;
    if (expiry.fixed()) {
      List<Object> nearKeys = new ArrayList<>(order.size());
      List<byte[]> keyBytes = new ArrayList<>(order.size());
      List<Object> valueList = new ArrayList<>(order.size());
      List<byte[]> payloads = new ArrayList<>(order.size());
      for (K key : order) {
        byte[][] kv = encoded.get(key);
        nearKeys.add(near.key(key, kv[0]));
        keyBytes.add(kv[0]);
        valueList.add(byKey.get(key));
        payloads.add(kv[1]);
      }
      replies =
          near.writeAll(
              nearKeys,
              keyBytes,
              valueList,
              payloads,
              () -> store.putMany(keyBytes, payloads, expiry.create(), expiry.update(), wantOld));
    } else {
      replies = new ArrayList<>(order.size());
      for (K key : order) {
        byte[][] kv = encoded.get(key);
        replies.add(
            near.write(
                near.key(key, kv[0]),
                kv[0],
                byKey.get(key),
                kv[1],
                () -> put(kv[0], kv[1], OldValue.returnedIf(wantOld))));
      }
    }
    for (int i = 0; i < order.size(); i++) {
      afterPut(order.get(i), byKey.get(order.get(i)), replies.get(i));
    }
    events.dispatch();
    if (start != 0) {
      statistics.recordPutTime(System.nanoTime() - start);
    }
    if (writerFailure != null) {
      throw writerFailure;
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    requireKey(key);
    requireValue(value);
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    byte[] k = encodeKey(key);
    byte[] v = encodeValue(value);
    Reply reply =
        near.write(
            near.key(key, k),
            k,
            value,
            v,
            () -> {
              if (expiry.fixed() && writer == null) {
                return store.run(
                    store.put(
                        k,
                        v,
                        PutCondition.IF_ABSENT,
                        expiry.create(),
                        UNCHANGED,
                        OldValue.DISCARD));
              }
              Call plan = store.planPut(k, v, PutCondition.IF_ABSENT, OldValue.DISCARD);
              return planThenCommit(
                  plan,
                  p -> {
                    if (p.status() != ReplyStatus.CREATED) {
                      return null;
                    }
                    writeThrough(key, value);
                    return store.commitPut(
                        k,
                        v,
                        PutCondition.IF_ABSENT,
                        expiry.create(),
                        UNCHANGED,
                        OldValue.DISCARD,
                        ABSENT);
                  });
            });
    boolean stored = reply.status() == ReplyStatus.CREATED;
    if (stored) {
      statistics.recordMisses(1);
      afterPut(key, value, reply);
    } else if (reply.status() == ReplyStatus.PRESENT) {
      statistics.recordHits(1);
    } else {
      statistics.recordMisses(1);
    }
    events.dispatch();
    if (start != 0) {
      statistics.recordPutTime(System.nanoTime() - start);
    }
    return stored;
  }

  @Override
  public boolean remove(K key) {
    requireOpen();
    requireKey(key);
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    byte[] k = encodeKey(key);
    deleteThrough(key);
    boolean wantOld = events.requiresOldValue(EventType.REMOVED);
    Reply reply =
        near.invalidating(
            near.key(key, k), k, () -> store.run(store.remove(k, OldValue.returnedIf(wantOld))));
    boolean removed = afterRemove(key, reply);
    events.dispatch();
    if (start != 0) {
      statistics.recordRemoveTime(System.nanoTime() - start);
    }
    return removed;
  }

  private boolean afterRemove(K key, Reply reply) {
    if (reply.status() != ReplyStatus.REMOVED) {
      return false;
    }
    statistics.recordRemovals(1);
    V old = reply.payload() == null ? null : decodeValue(reply.payload());
    events.publish(EventType.REMOVED, key, old, old);
    return true;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    requireKey(key);
    requireValue(oldValue);
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    byte[] k = encodeKey(key);
    byte[] expected = encodeExpected(oldValue);
    if (expected == null) {
      recordCompareWithNothingEqual(k);
      return false;
    }
    Reply reply =
        near.invalidating(
            near.key(key, k), k, () -> compareAndChange(key, k, expected, oldValue, null, null));
    boolean removed = reply.status() == ReplyStatus.REMOVED;
    if (reply.status() == ReplyStatus.NONE) {
      statistics.recordMisses(1);
    } else {
      statistics.recordHits(1);
    }
    if (removed) {
      statistics.recordRemovals(1);
      events.publish(EventType.REMOVED, key, oldValue, oldValue);
    }
    events.dispatch();
    if (start != 0) {
      statistics.recordRemoveTime(System.nanoTime() - start);
    }
    return removed;
  }

  /**
   * Conditional remove ({@code newValue == null}) or replace: the script compares stored bytes;
   * bytes can differ for values that are equal, so a mismatch is settled with equals() and a commit
   * by version. With a writer or a custom policy the write is planned first.
   */
  private Reply compareAndChange(
      K key, byte[] k, byte[] expected, V expectedValue, byte[] v, V newValue) {
    boolean direct = expiry.fixed() && writer == null;
    long update = direct ? expiry.update() : UNCHANGED;
    long access = expiry.fixed() ? expiry.access() : UNCHANGED;
    if (direct) {
      Reply reply =
          store.run(
              v == null
                  ? store.removeIfEquals(k, expected, access)
                  : store.replaceIfEquals(k, expected, v, update, access));
      if (reply.status() != ReplyStatus.NOT_EQUAL
          || !Objects.equals(decodeValue(reply.payload()), expectedValue)) {
        return reply;
      }
    }
    // Planned path: find the current version and value, decide in Java, commit by version.
    Call plan = store.get(k, UNCHANGED);
    while (true) {
      Reply current = store.run(plan);
      if (current.status() != ReplyStatus.HIT) {
        return Reply.absent(0, 0);
      }
      if (!Objects.equals(decodeValue(current.payload()), expectedValue)) {
        long accessNow = expiry.access();
        if (accessNow != UNCHANGED) {
          store.run(store.commitTouch(k, accessNow, current.version()));
        }
        return Reply.notEqual(current.version(), current.expireAt(), current.payload());
      }
      Reply done;
      if (v == null) {
        deleteThrough(key);
        done = store.run(store.commitRemove(k, OldValue.DISCARD, current.version()));
      } else {
        writeThrough(key, newValue);
        done =
            store.run(
                store.commitPut(
                    k,
                    v,
                    PutCondition.IF_PRESENT,
                    ETERNAL,
                    expiry.update(),
                    OldValue.DISCARD,
                    current.version()));
      }
      if (done.status() != ReplyStatus.CONFLICT) {
        return done;
      }
    }
  }

  @Override
  public V getAndRemove(K key) {
    requireOpen();
    requireKey(key);
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    byte[] k = encodeKey(key);
    deleteThrough(key);
    Reply reply =
        near.invalidating(near.key(key, k), k, () -> store.run(store.remove(k, OldValue.RETURN)));
    V old = null;
    if (reply.status() == ReplyStatus.REMOVED) {
      old = decodeValue(reply.payload());
      statistics.recordHits(1);
      statistics.recordRemovals(1);
      events.publish(EventType.REMOVED, key, old, old);
    } else {
      statistics.recordMisses(1);
    }
    events.dispatch();
    if (start != 0) {
      long elapsed = System.nanoTime() - start;
      statistics.recordGetTime(elapsed);
      statistics.recordRemoveTime(elapsed);
    }
    return old;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    requireKey(key);
    requireValue(oldValue);
    requireValue(newValue);
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    byte[] k = encodeKey(key);
    byte[] v = encodeValue(newValue);
    byte[] expected = encodeExpected(oldValue);
    if (expected == null) {
      recordCompareWithNothingEqual(k);
      return false;
    }
    Reply reply =
        near.invalidating(
            near.key(key, k), k, () -> compareAndChange(key, k, expected, oldValue, v, newValue));
    boolean replaced = reply.status() == ReplyStatus.UPDATED;
    if (reply.status() == ReplyStatus.NONE) {
      statistics.recordMisses(1);
    } else {
      statistics.recordHits(1);
    }
    if (replaced) {
      statistics.recordPuts(1);
      events.publish(EventType.UPDATED, key, newValue, oldValue);
    }
    events.dispatch();
    if (start != 0) {
      statistics.recordPutTime(System.nanoTime() - start);
    }
    return replaced;
  }

  @Override
  public boolean replace(K key, V value) {
    requireOpen();
    requireKey(key);
    requireValue(value);
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    Reply reply = replaceIfPresent(key, value, events.requiresOldValue(EventType.UPDATED));
    boolean replaced = reply.status() == ReplyStatus.UPDATED;
    if (replaced) {
      statistics.recordHits(1);
      afterPut(key, value, reply);
    } else {
      statistics.recordMisses(1);
    }
    events.dispatch();
    if (start != 0) {
      statistics.recordPutTime(System.nanoTime() - start);
    }
    return replaced;
  }

  private Reply replaceIfPresent(K key, V value, boolean wantOld) {
    byte[] k = encodeKey(key);
    byte[] v = encodeValue(value);
    return near.write(
        near.key(key, k),
        k,
        value,
        v,
        () -> {
          if (expiry.fixed() && writer == null) {
            return store.run(
                store.put(
                    k,
                    v,
                    PutCondition.IF_PRESENT,
                    ETERNAL,
                    expiry.update(),
                    OldValue.returnedIf(wantOld)));
          }
          Call plan = store.planPut(k, v, PutCondition.IF_PRESENT, OldValue.returnedIf(wantOld));
          return planThenCommit(
              plan,
              p -> {
                if (p.status() != ReplyStatus.UPDATED) {
                  return null;
                }
                writeThrough(key, value);
                return store.commitPut(
                    k,
                    v,
                    PutCondition.IF_PRESENT,
                    ETERNAL,
                    expiry.update(),
                    OldValue.returnedIf(wantOld),
                    p.version());
              });
        });
  }

  @Override
  public V getAndReplace(K key, V value) {
    requireOpen();
    requireKey(key);
    requireValue(value);
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    Reply reply = replaceIfPresent(key, value, true);
    V old = null;
    if (reply.status() == ReplyStatus.UPDATED) {
      old = decodeValue(reply.payload());
      statistics.recordHits(1);
      afterPut(key, value, reply, old);
    } else {
      statistics.recordMisses(1);
    }
    events.dispatch();
    if (start != 0) {
      long elapsed = System.nanoTime() - start;
      statistics.recordGetTime(elapsed);
      statistics.recordPutTime(elapsed);
    }
    return old;
  }

  @Override
  public void removeAll(Set<? extends K> keySet) {
    requireOpen();
    Objects.requireNonNull(keySet, "keys must not be null");
    for (K key : keySet) {
      requireKey(key);
    }
    removeKeys(new ArrayList<>(keySet));
  }

  /**
   * Without a writer or a listener of removals nothing needs the key objects, so no key is decoded
   * ({@link RemoveAllByKeyBytes}): a key of a class this node does not allow, stored by another
   * node, goes too. With them, every key is decoded first, and one this node cannot decode fails
   * the call before anything is removed: the writer and the listeners must see every removed key
   * (Spring's {@code Cache#clear} calls this method; {@link #clear()} never decodes).
   */
  @Override
  public void removeAll() {
    requireOpen();
    if (writer == null && !events.hasListeners(EventType.REMOVED)) {
      long start = statistics.isEnabled() ? System.nanoTime() : 0;
      statistics.recordRemovals(RemoveAllByKeyBytes.run(store, near));
      if (start != 0) {
        statistics.recordRemoveTime(System.nanoTime() - start);
      }
      return;
    }
    Iterator<List<byte[]>> pages = store.keyPages();
    Set<K> all = new HashSet<>();
    while (pages.hasNext()) {
      for (byte[] k : pages.next()) {
        all.add(decodeKeyToRemove(k));
      }
    }
    removeKeys(new ArrayList<>(all));
  }

  @SuppressWarnings("unchecked")
  private K decodeKeyToRemove(byte[] bytes) {
    try {
      return (K) keys.decode(bytes);
    } catch (SerializationException e) {
      String needs = writer != null ? "its CacheWriter" : "its listeners of removals";
      throw new CacheException(
          "Cache '"
              + name
              + "': removeAll() removed nothing: it found a key of "
              + className(e, null)
              + " that this node cannot decode (another node stored it?), and "
              + needs
              + " must be given every removed key. Allow the class on this node, or call clear(), which removes"
              + " every entry without decoding keys, writer or listeners. "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Keys per pipelined batch of removals (removeAll): a batch's calls share one deadline budget.
   */
  private static final int REMOVE_PAGE = 1000;

  /**
   * Removes keys through the writer (deleteAll) and then from Redis, pipelined a page at a time.
   */
  private void removeKeys(List<K> keyList) {
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    CacheWriterException writerFailure = null;
    if (writer != null && !keyList.isEmpty()) {
      List<Object> pending = new ArrayList<>(keyList);
      try {
        writer.deleteAll(pending);
      } catch (Exception e) {
        writerFailure = asWriterException(e);
        // Keys the writer could not delete stay in the cache.
        keyList = new ArrayList<>(keyList);
        keyList.removeAll(new HashSet<>(pending));
      }
    }
    boolean wantOld = events.requiresOldValue(EventType.REMOVED);
    // A page per pipelined batch, each call built just before its page is sent: every removal's
    // deadline counts from its own page's sending, so a large removeAll on a busy server is not
    // refused for the time its earlier pages took.
    for (int from = 0; from < keyList.size(); from += REMOVE_PAGE) {
      List<K> page = keyList.subList(from, Math.min(keyList.size(), from + REMOVE_PAGE));
      List<Call> calls = new ArrayList<>(page.size());
      List<Object> nearKeys = new ArrayList<>(page.size());
      List<byte[]> keyBytes = new ArrayList<>(page.size());
      for (K key : page) {
        byte[] k = encodeKey(key);
        calls.add(store.remove(k, OldValue.returnedIf(wantOld)));
        nearKeys.add(near.key(key, k));
        keyBytes.add(k);
      }
      List<Reply> replies =
          near.writeAll(nearKeys, keyBytes, null, null, () -> store.runAll(calls));
      for (int i = 0; i < page.size(); i++) {
        afterRemove(page.get(i), replies.get(i));
      }
    }
    events.dispatch();
    if (start != 0) {
      statistics.recordRemoveTime(System.nanoTime() - start);
    }
    if (writerFailure != null) {
      throw writerFailure;
    }
  }

  @Override
  public void clear() {
    requireOpen();
    store.clear();
    near.clear();
  }

  // ------------------------------------------------------------------ entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> processor, Object... arguments) {
    requireOpen();
    requireKey(key);
    Objects.requireNonNull(processor, "entry processor must not be null");
    long start = statistics.isEnabled() ? System.nanoTime() : 0;
    byte[] k = encodeKey(key);
    T result = invokeOnce(key, k, processor, arguments);
    events.dispatch();
    if (start != 0) {
      statistics.recordGetTime(System.nanoTime() - start);
    }
    return result;
  }

  /**
   * Runs the processor for {@code key} while no other thread of this JVM runs one for it (see
   * {@link KeyLocks}): concurrent callers of one key take turns, each seeing the previous one's
   * outcome, so a loading processor (Spring's {@code sync = true}) loads once per JVM.
   */
  private <T> T invokeOnce(
      K key, byte[] k, EntryProcessor<K, V, T> processor, Object... arguments) {
    return invokeLocks.underLock(k, () -> invokeOptimistically(key, k, processor, arguments));
  }

  /**
   * Reads value and version, runs the processor here, commits its outcome by version; when another
   * writer changed the entry in between, runs it again on the new value. Atomic for every caller in
   * every JVM, with processors that need not be serializable.
   */
  private <T> T invokeOptimistically(
      K key, byte[] k, EntryProcessor<K, V, T> processor, Object... arguments) {
    while (true) {
      Reply read = store.run(store.get(k, UNCHANGED));
      if (read.status() == ReplyStatus.EXPIRED) {
        publishExpired(key, read.payload());
      }
      boolean present = read.status() == ReplyStatus.HIT;
      V existing = present ? decodeValue(read.payload()) : null;
      long version = present ? read.version() : 0;
      Function<K, V> load = isReadThrough() ? this::callLoader : null;
      ProcessorEntry<K, V> entry = new ProcessorEntry<>(key, existing, load, types);
      T result;
      try {
        result = processor.process(entry, arguments);
      } catch (Exception e) {
        events.discard();
        throw e instanceof EntryProcessorException epe ? epe : new EntryProcessorException(e);
      }
      ProcessorEntry.Outcome outcome = entry.outcome();
      Reply done =
          outcome == ProcessorEntry.Outcome.NONE || outcome == ProcessorEntry.Outcome.ACCESSED
              ? commit(key, k, entry, version)
              : near.invalidating(near.key(key, k), k, () -> commit(key, k, entry, version));
      if (outcome == ProcessorEntry.Outcome.ACCESSED && done != null) {
        near.invalidate(near.key(key, k));
      }
      if (done != null && done.status() == ReplyStatus.CONFLICT) {
        continue;
      }
      if (present) {
        statistics.recordHits(1);
      } else {
        statistics.recordMisses(1);
      }
      afterCommit(key, entry, done);
      return result;
    }
  }

  /**
   * Applies the processor's outcome if the entry still has {@code version}; null if nothing to
   * write.
   */
  private Reply commit(K key, byte[] k, ProcessorEntry<K, V> entry, long version) {
    return switch (entry.outcome()) {
      case NONE -> null;
      case ACCESSED -> {
        long access = expiry.access();
        yield access == UNCHANGED ? null : store.run(store.commitTouch(k, access, version));
      }
      case LOADED ->
          store.run(
              store.commitPut(
                  k,
                  encodeValue(entry.value()),
                  PutCondition.IF_ABSENT,
                  expiry.create(),
                  UNCHANGED,
                  OldValue.DISCARD,
                  ABSENT));
      case CREATED -> {
        byte[] v = encodeValue(entry.value());
        writeThroughInProcessor(key, entry.value());
        yield store.run(
            store.commitPut(
                k, v, PutCondition.ALWAYS, expiry.create(), UNCHANGED, OldValue.DISCARD, ABSENT));
      }
      case UPDATED -> {
        byte[] v = encodeValue(entry.value());
        writeThroughInProcessor(key, entry.value());
        yield store.run(
            store.commitPut(
                k, v, PutCondition.ALWAYS, ETERNAL, expiry.update(), OldValue.RETURN, version));
      }
      case REMOVED -> {
        if (writer != null) {
          try {
            writer.delete(key);
          } catch (Exception e) {
            throw new EntryProcessorException(asWriterException(e));
          }
        }
        yield entry.existed() ? store.run(store.commitRemove(k, OldValue.RETURN, version)) : null;
      }
    };
  }

  private void writeThroughInProcessor(K key, V value) {
    try {
      writeThrough(key, value);
    } catch (CacheWriterException e) {
      throw new EntryProcessorException(e);
    }
  }

  private void afterCommit(K key, ProcessorEntry<K, V> entry, Reply done) {
    if (done == null) {
      return;
    }
    switch (entry.outcome()) {
      case LOADED, CREATED, UPDATED -> {
        if (done.status().stored()) {
          if (entry.outcome() != ProcessorEntry.Outcome.LOADED) {
            statistics.recordPuts(1);
          }
          afterLoadStored(key, entry.value(), done);
        }
      }
      case REMOVED -> {
        if (done.status() == ReplyStatus.REMOVED) {
          statistics.recordRemovals(1);
          V old = decodeOld(done);
          events.publish(EventType.REMOVED, key, old, old);
        }
      }
      default -> {}
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(
      Set<? extends K> keySet, EntryProcessor<K, V, T> processor, Object... arguments) {
    requireOpen();
    Objects.requireNonNull(keySet, "keys must not be null");
    for (K key : keySet) {
      requireKey(key);
    }
    Objects.requireNonNull(processor, "entry processor must not be null");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    for (K key : keySet) {
      try {
        T result = invokeOnce(key, encodeKey(key), processor, arguments);
        if (result != null) {
          results.put(key, () -> result);
        }
      } catch (EntryProcessorException e) {
        results.put(
            key,
            () -> {
              throw e;
            });
      } catch (CacheException e) {
        EntryProcessorException wrapped = new EntryProcessorException(e);
        results.put(
            key,
            () -> {
              throw wrapped;
            });
      }
    }
    events.dispatch();
    return results;
  }

  // ------------------------------------------------------------------ iteration

  @Override
  public Iterator<Entry<K, V>> iterator() {
    requireOpen();
    return new EntryIterator();
  }

  /** Walks the segments' indexes a page at a time and reads each page's entries pipelined. */
  private final class EntryIterator implements Iterator<Entry<K, V>> {
    private final Iterator<List<byte[]>> pages = store.keyPages();
    private final List<Entry<K, V>> buffer = new ArrayList<>();

    /** Encoded key and version of each buffered entry, for a custom policy's access expiry. */
    private final List<byte[]> bufferKeys = new ArrayList<>();

    private final List<Long> bufferVersions = new ArrayList<>();
    private int position;
    private Entry<K, V> last;

    @Override
    public boolean hasNext() {
      requireOpen();
      while (position >= buffer.size()) {
        if (!pages.hasNext()) {
          return false;
        }
        fill(pages.next());
      }
      return true;
    }

    private void fill(List<byte[]> page) {
      buffer.clear();
      bufferKeys.clear();
      bufferVersions.clear();
      position = 0;
      if (page.isEmpty()) {
        return;
      }
      List<Reply> replies = store.getMany(page, expiry.accessForRead());
      for (int i = 0; i < page.size(); i++) {
        Reply reply = replies.get(i);
        K key = decodeKey(page.get(i));
        if (reply.status() == ReplyStatus.EXPIRED) {
          publishExpired(key, reply.payload());
        } else if (reply.status() == ReplyStatus.HIT) {
          buffer.add(new RedisCacheEntry<>(key, decodeValue(reply.payload())));
          bufferKeys.add(page.get(i));
          bufferVersions.add(reply.version());
        }
      }
      events.dispatch();
    }

    @Override
    public Entry<K, V> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      int index = position++;
      last = buffer.get(index);
      statistics.recordHits(1);
      if (!expiry.fixed() && touch(bufferKeys.get(index), bufferVersions.get(index))) {
        near.invalidate(near.key(last.getKey(), bufferKeys.get(index)));
      }
      return last;
    }

    @Override
    public void remove() {
      requireOpen();
      if (last == null) {
        throw new IllegalStateException(
            "next() has not been called, or remove() was already called");
      }
      K key = last.getKey();
      last = null;
      RedisCache.this.remove(key);
    }
  }

  // ------------------------------------------------------------------ listeners, configuration,
  // lifecycle

  @Override
  public void registerCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listener configuration must not be null");
    events.register(listenerConfiguration);
    configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
  }

  @Override
  public void deregisterCacheEntryListener(
      CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "listener configuration must not be null");
    events.deregister(listenerConfiguration);
    configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    RedisCacheConfiguration<K, V> copy = new RedisCacheConfiguration<>(configuration);
    if (clazz.isInstance(copy)) {
      return clazz.cast(copy);
    }
    throw new IllegalArgumentException(
        "Cache '"
            + name
            + "': the configuration is a "
            + RedisCacheConfiguration.class.getName()
            + ", not a "
            + clazz.getName());
  }

  void setStatisticsEnabled(boolean enabled) {
    configuration.setStatisticsEnabled(enabled);
    statistics.setEnabled(enabled);
  }

  void setManagementEnabled(boolean enabled) {
    configuration.setManagementEnabled(enabled);
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    manager.onCacheClosed(this);
    closeQuietly();
  }

  /** Closes without telling the manager (the manager is closing or destroying us). */
  void closeQuietly() {
    if (closed) {
      return;
    }
    closed = true;
    closeNear();
    events.close();
    closeIfCloseable(loader);
    closeIfCloseable(writer);
    closeIfCloseable(expiry.policy());
    manager.lifecycleListeners().closed(this);
  }

  private void closeNear() {
    if (touches != null) {
      touches.close();
    }
    near.close();
  }

  private static void closeIfCloseable(Object o) {
    if (o instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        System.getLogger(RedisCache.class.getName())
            .log(System.Logger.Level.WARNING, "closing " + o.getClass().getName() + " failed", e);
      }
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException(
        "Cache '" + name + "' cannot be unwrapped to " + clazz.getName());
  }

  // ------------------------------------------------------------------ helpers

  private void writeThrough(K key, V value) {
    if (writer == null) {
      return;
    }
    try {
      writer.write(new RedisCacheEntry<>(key, value));
    } catch (Exception e) {
      throw asWriterException(e);
    }
  }

  private void deleteThrough(K key) {
    if (writer == null) {
      return;
    }
    try {
      writer.delete(key);
    } catch (Exception e) {
      throw asWriterException(e);
    }
  }

  private CacheWriterException asWriterException(Exception e) {
    return e instanceof CacheWriterException cwe
        ? cwe
        : new CacheWriterException("Cache '" + name + "': the writer failed", e);
  }

  private void publishExpired(K key, byte[] payload) {
    if (events.hasListeners(EventType.EXPIRED) && payload != null) {
      V old = decodeValue(payload);
      events.publish(EventType.EXPIRED, key, old, old);
    }
  }

  private V decodeOld(Reply reply) {
    return reply.payload() == null ? null : decodeValue(reply.payload());
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache '" + name + "' is closed");
    }
  }

  private void requireKey(Object key) {
    if (key == null) {
      throw new NullPointerException("a cache key must not be null");
    }
    types.key(key);
  }

  private void requireValue(Object value) {
    if (value == null) {
      throw new NullPointerException("a cache value must not be null");
    }
    types.value(value);
  }

  private byte[] encodeKey(Object key) {
    byte[] encoded;
    try {
      encoded = keys.encode(key);
    } catch (SerializationException e) {
      throw new CacheException(
          "Cache '" + name + "': cannot encode key of " + className(e, key) + ": " + e.getMessage(),
          e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Cache '" + name + "': " + e.getMessage(), e);
    }
    return sizes.check("key", encoded, key);
  }

  @SuppressWarnings("unchecked")
  private K decodeKey(byte[] bytes) {
    try {
      return (K) keys.decode(bytes);
    } catch (SerializationException e) {
      throw new CacheException(
          "Cache '"
              + name
              + "': cannot decode a key of "
              + className(e, null)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private byte[] encodeValue(Object value) {
    return sizes.check("value", encodeValueOfAnySize(value), value);
  }

  private byte[] encodeValueOfAnySize(Object value) {
    try {
      return values.encode(value);
    } catch (SerializationException e) {
      throw new CacheException(
          "Cache '"
              + name
              + "': cannot encode value of "
              + className(e, value)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The encoded value a conditional operation compares with, or null when it is larger than {@code
   * redis.max-entry-size}: no stored value can be that large, so nothing can equal it, and the
   * operation's answer is "not equal" without sending it.
   */
  private byte[] encodeExpected(Object value) {
    byte[] encoded = encodeValueOfAnySize(value);
    return sizes.fits(encoded) ? encoded : null;
  }

  /**
   * A {@code remove(k, v)} or {@code replace(k, old, new)} whose expected value cannot be stored:
   * counted as the compare would have been, a hit when the key is present, else a miss.
   */
  private void recordCompareWithNothingEqual(byte[] k) {
    if (statistics.isCounting()) {
      boolean present = store.run(store.contains(k)).status() == ReplyStatus.HIT;
      if (present) {
        statistics.recordHits(1);
      } else {
        statistics.recordMisses(1);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private V decodeValue(byte[] bytes) {
    try {
      return (V) values.decode(bytes);
    } catch (SerializationException e) {
      throw new CacheException(
          "Cache '"
              + name
              + "': cannot decode a value of "
              + className(e, null)
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static String className(SerializationException e, Object o) {
    if (e.className() != null) {
      return "class " + e.className();
    }
    return o == null ? "unknown class" : "class " + o.getClass().getName();
  }

  @Override
  public String toString() {
    return "RedisCache[" + name + "]";
  }
}
