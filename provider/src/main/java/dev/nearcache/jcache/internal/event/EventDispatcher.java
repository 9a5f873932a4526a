package dev.nearcache.jcache.internal.event;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/**
 * Delivers JCache entry events of one cache to its registered listeners.
 *
 * <p>Usage by a cache operation: {@link #publish} each event while executing the operation (cheap
 * no-op when nobody listens to that type), then {@link #dispatch()} once the operation has taken
 * effect, or {@link #discard()} if it failed. Queued events are per thread.
 *
 * <ul>
 *   <li>Synchronous listeners are invoked on the calling thread before {@code dispatch()} returns.
 *       Consecutive events of the same type are handed over in one {@code Iterable} (order of
 *       publication is preserved). If a listener or filter throws, the remaining listeners still
 *       receive their events; afterwards the first failure is rethrown (later ones are attached as
 *       suppressed): a {@link CacheEntryListenerException} as is, any other {@link Exception}
 *       wrapped in a {@code CacheEntryListenerException}, an {@link Error} unwrapped.</li>
 *   <li>Asynchronous listeners are invoked on the executor, one event per call, in publication
 *       order per (listener, key); events of different keys may be delivered concurrently. Their
 *       failures are logged and swallowed.</li>
 * </ul>
 */
public final class EventDispatcher<K, V> {

  private static final System.Logger LOGGER = System.getLogger(EventDispatcher.class.getName());

  @SuppressWarnings("rawtypes")
  private static final Registration[] NO_REGISTRATIONS = new Registration[0];

  private final Cache<K, V> source;
  private final Executor executor;
  private final Object lock = new Object();
  private final ThreadLocal<ArrayList<Pending<K, V>>> queue = new ThreadLocal<>();
  /** Tail of the delivery chain per (asynchronous registration, key). */
  private final ConcurrentHashMap<OrderKey, CompletableFuture<Void>> tails =
      new ConcurrentHashMap<>();

  private volatile Registration<K, V>[] registrations;
  /** Bit per {@link EventType#ordinal()}: some listener handles that type. */
  private volatile int listenedTypes;
  /** Bit per {@link EventType#ordinal()}: some listener of that type requires old values. */
  private volatile int oldValueTypes;
  /** Set once a listener was ever registered; guards the thread-local lookup in dispatch. */
  private volatile boolean everRegistered;
  private volatile boolean closed;

  @SuppressWarnings("unchecked")
  public EventDispatcher(Cache<K, V> source, Executor executor) {
    this.source = Objects.requireNonNull(source, "source");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.registrations = NO_REGISTRATIONS;
  }

  /**
   * Registers a listener configuration, instantiating its listener and optional filter.
   *
   * @throws IllegalArgumentException if an equal configuration is already registered or the
   *     configuration has no listener factory
   * @throws IllegalStateException if this dispatcher is closed
   */
  @SuppressWarnings("unchecked")
  public void register(CacheEntryListenerConfiguration<K, V> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("Event dispatcher of cache " + source.getName()
            + " is closed");
      }
      for (Registration<K, V> registration : registrations) {
        if (registration.configuration.equals(configuration)) {
          throw new IllegalArgumentException(
              "Cache entry listener configuration is already registered: " + configuration);
        }
      }
      Registration<K, V> registration = Registration.create(configuration);
      Registration<K, V>[] current = registrations;
      Registration<K, V>[] updated = Arrays.copyOf(current, current.length + 1);
      updated[current.length] = registration;
      publishRegistrations(updated);
      everRegistered = true;
    }
  }

  /**
   * Removes the registration with an equal configuration (no-op if none) and closes its listener
   * and filter if they are {@link AutoCloseable}.
   */
  public void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    Registration<K, V> removed = null;
    synchronized (lock) {
      Registration<K, V>[] current = registrations;
      for (int i = 0; i < current.length; i++) {
        if (current[i].configuration.equals(configuration)) {
          removed = current[i];
          @SuppressWarnings({"unchecked", "rawtypes"})
          Registration<K, V>[] updated = new Registration[current.length - 1];
          System.arraycopy(current, 0, updated, 0, i);
          System.arraycopy(current, i + 1, updated, i, current.length - i - 1);
          publishRegistrations(updated);
          break;
        }
      }
    }
    if (removed != null) {
      removed.close();
    }
  }

  /** An unmodifiable snapshot of the registered configurations, in registration order. */
  public List<CacheEntryListenerConfiguration<K, V>> configurations() {
    Registration<K, V>[] current = registrations;
    List<CacheEntryListenerConfiguration<K, V>> result = new ArrayList<>(current.length);
    for (Registration<K, V> registration : current) {
      result.add(registration.configuration);
    }
    return Collections.unmodifiableList(result);
  }

  /** Whether any registered listener handles events of the given type. */
  public boolean hasListeners(EventType type) {
    return (listenedTypes & bit(type)) != 0;
  }

  /** Whether any registered listener of the given type requires old values. */
  public boolean requiresOldValue(EventType type) {
    return (oldValueTypes & bit(type)) != 0;
  }

  /**
   * Queues an event of the current operation on the current thread. Does nothing (and allocates
   * nothing) if no listener handles {@code type}.
   *
   * @param value the new value (CREATED/UPDATED); may be {@code null} for REMOVED/EXPIRED
   * @param oldValue the previous value (UPDATED/REMOVED/EXPIRED) or {@code null} if unknown; for
   *     REMOVED/EXPIRED {@code value} is used as the previous value when {@code oldValue} is null
   */
  public void publish(EventType type, K key, V value, V oldValue) {
    if ((listenedTypes & bit(type)) == 0) {
      return;
    }
    ArrayList<Pending<K, V>> events = queue.get();
    if (events == null) {
      events = new ArrayList<>();
      queue.set(events);
    }
    events.add(new Pending<>(type, key, value, oldValue));
  }

  /** Drops the events queued on the current thread (e.g. because the operation failed). */
  public void discard() {
    if (!everRegistered) {
      return;
    }
    ArrayList<Pending<K, V>> events = queue.get();
    if (events != null) {
      events.clear();
    }
  }

  /**
   * Delivers the events queued on the current thread: synchronous listeners before this method
   * returns, asynchronous listeners via the executor.
   *
   * @throws CacheEntryListenerException if a synchronous listener or filter failed with an
   *     exception (an {@link Error} is rethrown unwrapped)
   */
  public void dispatch() {
    if (!everRegistered) {
      return;
    }
    ArrayList<Pending<K, V>> events = queue.get();
    if (events == null || events.isEmpty()) {
      return;
    }
    // detach the queue so that re-entrant cache operations of listeners get their own
    queue.set(null);
    Throwable failure = null;
    try {
      if (!closed) {
        int types = 0;
        for (int i = 0; i < events.size(); i++) {
          types |= bit(events.get(i).type);
        }
        for (Registration<K, V> registration : registrations) {
          if ((registration.types & types) == 0) {
            continue;
          }
          if (registration.synchronous) {
            failure = deliverSynchronously(registration, events, failure);
          } else {
            enqueueAsynchronously(registration, events);
          }
        }
      }
    } finally {
      boolean reuse = events.size() <= 1024;
      events.clear();
      if (reuse && queue.get() == null) {
        queue.set(events);
      }
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
  }

  /**
   * Closes all listeners and filters that are {@link AutoCloseable} (which includes
   * {@link java.io.Closeable}), forgets the registrations and pending ordering state. Afterwards
   * nothing is dispatched anymore; events already handed to the executor are skipped.
   */
  @SuppressWarnings("unchecked")
  public void close() {
    Registration<K, V>[] current;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      current = registrations;
      publishRegistrations(NO_REGISTRATIONS);
    }
    queue.remove();
    for (Registration<K, V> registration : current) {
      registration.close();
    }
    tails.clear();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  // ---------------------------------------------------------------------------------------------

  private void publishRegistrations(Registration<K, V>[] updated) {
    int listened = 0;
    int oldValues = 0;
    for (Registration<K, V> registration : updated) {
      listened |= registration.types;
      if (registration.oldValueRequired) {
        oldValues |= registration.types;
      }
    }
    registrations = updated;
    listenedTypes = listened;
    oldValueTypes = oldValues;
  }

  private Throwable deliverSynchronously(Registration<K, V> registration,
      List<Pending<K, V>> events, Throwable failure) {
    try {
      EventType batchType = null;
      List<CacheEntryEvent<? extends K, ? extends V>> batch = null;
      for (int i = 0; i < events.size(); i++) {
        Pending<K, V> pending = events.get(i);
        if ((registration.types & bit(pending.type)) == 0) {
          continue;
        }
        EntryEvent<K, V> event = registration.eventFor(source, pending);
        if (registration.filter != null && !registration.filter.evaluate(event)) {
          continue;
        }
        if (batch != null && batchType != pending.type) {
          invoke(registration.listener, batchType, batch);
          batch = null;
        }
        if (batch == null) {
          batch = new ArrayList<>(Math.min(events.size() - i, 16));
          batchType = pending.type;
        }
        batch.add(event);
      }
      if (batch != null) {
        invoke(registration.listener, batchType, batch);
      }
    } catch (Throwable t) {
      Throwable wrapped = wrap(t);
      if (failure == null) {
        return wrapped;
      }
      if (failure != wrapped) {
        failure.addSuppressed(wrapped);
      }
    }
    return failure;
  }

  private static Throwable wrap(Throwable t) {
    if (t instanceof CacheEntryListenerException || t instanceof Error) {
      return t;
    }
    return new CacheEntryListenerException("Cache entry listener failed: " + t, t);
  }

  private void enqueueAsynchronously(Registration<K, V> registration,
      List<Pending<K, V>> events) {
    for (int i = 0; i < events.size(); i++) {
      Pending<K, V> pending = events.get(i);
      if ((registration.types & bit(pending.type)) == 0) {
        continue;
      }
      OrderKey orderKey = new OrderKey(registration, pending.key);
      CompletableFuture<Void> done = new CompletableFuture<>();
      CompletableFuture<Void> previous = tails.put(orderKey, done);
      Runnable task = () -> {
        try {
          deliverAsynchronously(registration, pending);
        } finally {
          done.complete(null);
          tails.remove(orderKey, done);
        }
      };
      if (previous == null) {
        execute(task, orderKey, done);
      } else {
        previous.whenComplete((ignored, error) -> execute(task, orderKey, done));
      }
    }
  }

  private void execute(Runnable task, OrderKey orderKey, CompletableFuture<Void> done) {
    try {
      executor.execute(task);
    } catch (RuntimeException e) {
      LOGGER.log(Level.WARNING, "Could not schedule asynchronous cache entry event for cache "
          + source.getName() + "; event dropped", e);
      done.complete(null);
      tails.remove(orderKey, done);
    }
  }

  private void deliverAsynchronously(Registration<K, V> registration, Pending<K, V> pending) {
    if (closed || registration.closed) {
      return;
    }
    try {
      EntryEvent<K, V> event = registration.eventFor(source, pending);
      if (registration.filter != null && !registration.filter.evaluate(event)) {
        return;
      }
      invoke(registration.listener, pending.type, Collections.singletonList(event));
    } catch (Throwable t) {
      LOGGER.log(Level.WARNING, "Asynchronous cache entry listener "
          + registration.listener.getClass().getName() + " of cache " + source.getName()
          + " failed on " + pending.type + " event", t);
    }
  }

  @SuppressWarnings("unchecked")
  private static <K, V> void invoke(CacheEntryListener<K, V> listener, EventType type,
      List<CacheEntryEvent<? extends K, ? extends V>> events) {
    Iterable<CacheEntryEvent<? extends K, ? extends V>> view = Collections.unmodifiableList(events);
    switch (type) {
      case CREATED:
        ((CacheEntryCreatedListener<K, V>) listener).onCreated(view);
        break;
      case UPDATED:
        ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(view);
        break;
      case REMOVED:
        ((CacheEntryRemovedListener<K, V>) listener).onRemoved(view);
        break;
      case EXPIRED:
        ((CacheEntryExpiredListener<K, V>) listener).onExpired(view);
        break;
      default:
        throw new IllegalArgumentException("Unknown event type " + type);
    }
  }

  private static int bit(EventType type) {
    return 1 << type.ordinal();
  }

  /** An event queued by {@link #publish}. */
  private static final class Pending<K, V> {
    final EventType type;
    final K key;
    final V value;
    final V oldValue;

    Pending(EventType type, K key, V value, V oldValue) {
      this.type = type;
      this.key = key;
      this.value = value;
      this.oldValue = oldValue;
    }
  }

  /** Ordering scope of asynchronous deliveries: one registration and one key. */
  private static final class OrderKey {
    final Registration<?, ?> registration;
    final Object key;

    OrderKey(Registration<?, ?> registration, Object key) {
      this.registration = registration;
      this.key = key;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof OrderKey)) {
        return false;
      }
      OrderKey other = (OrderKey) o;
      return registration == other.registration && Objects.equals(key, other.key);
    }

    @Override
    public int hashCode() {
      return 31 * System.identityHashCode(registration) + Objects.hashCode(key);
    }
  }

  /** A registered configuration with its instantiated listener and filter. */
  private static final class Registration<K, V> {
    final CacheEntryListenerConfiguration<K, V> configuration;
    final CacheEntryListener<K, V> listener;
    final CacheEntryEventFilter<K, V> filter;
    final boolean synchronous;
    final boolean oldValueRequired;
    /** Bits of the event types the listener implements. */
    final int types;
    volatile boolean closed;

    private Registration(CacheEntryListenerConfiguration<K, V> configuration,
        CacheEntryListener<K, V> listener, CacheEntryEventFilter<K, V> filter) {
      this.configuration = configuration;
      this.listener = listener;
      this.filter = filter;
      this.synchronous = configuration.isSynchronous();
      this.oldValueRequired = configuration.isOldValueRequired();
      int t = 0;
      if (listener instanceof CacheEntryCreatedListener) {
        t |= bit(EventType.CREATED);
      }
      if (listener instanceof CacheEntryUpdatedListener) {
        t |= bit(EventType.UPDATED);
      }
      if (listener instanceof CacheEntryRemovedListener) {
        t |= bit(EventType.REMOVED);
      }
      if (listener instanceof CacheEntryExpiredListener) {
        t |= bit(EventType.EXPIRED);
      }
      this.types = t;
    }

    @SuppressWarnings("unchecked")
    static <K, V> Registration<K, V> create(CacheEntryListenerConfiguration<K, V> configuration) {
      Factory<CacheEntryListener<? super K, ? super V>> listenerFactory =
          configuration.getCacheEntryListenerFactory();
      if (listenerFactory == null) {
        throw new IllegalArgumentException(
            "Cache entry listener configuration has no listener factory: " + configuration);
      }
      CacheEntryListener<K, V> listener =
          (CacheEntryListener<K, V>) listenerFactory.create();
      if (listener == null) {
        throw new IllegalArgumentException(
            "Cache entry listener factory returned null: " + listenerFactory);
      }
      CacheEntryEventFilter<K, V> filter = null;
      Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
          configuration.getCacheEntryEventFilterFactory();
      if (filterFactory != null) {
        try {
          filter = (CacheEntryEventFilter<K, V>) filterFactory.create();
        } catch (RuntimeException | Error e) {
          closeQuietly(listener);
          throw e;
        }
      }
      return new Registration<>(configuration, listener, filter);
    }

    EntryEvent<K, V> eventFor(Cache<K, V> source, Pending<K, V> pending) {
      return EntryEvent.create(source, pending.type, pending.key, pending.value,
          pending.oldValue, oldValueRequired);
    }

    void close() {
      closed = true;
      closeQuietly(listener);
      if (filter != null && filter != listener) {
        closeQuietly(filter);
      }
    }

    private static void closeQuietly(Object resource) {
      if (resource instanceof AutoCloseable) {
        try {
          ((AutoCloseable) resource).close();
        } catch (Exception e) {
          LOGGER.log(Level.WARNING, "Failed to close " + resource.getClass().getName(), e);
        }
      }
    }
  }
}
