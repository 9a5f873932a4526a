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
 *       wrapped in a {@code CacheEntryListenerException}, an {@link Error} unwrapped.
 *   <li>Asynchronous listeners are invoked on the executor, one event per call, in publication
 *       order per (listener, key); events of different keys may be delivered concurrently. Their
 *       failures are logged and swallowed.
 * </ul>
 *
 * <p>The registrations are an array replaced whole under a lock, so that publishing and
 * dispatching, on every write, read one volatile field and never lock.
 */
public final class EventDispatcher<K, V> {
  private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

  /**
   * A thread's queue is kept for its next operation unless it grew past this many events: {@code
   * clear()} keeps a list's capacity, and one bulk operation should not pin a large array.
   */
  private static final int LARGEST_KEPT_QUEUE = 1024;

  @SuppressWarnings("rawtypes")
  private static final Registration[] NO_REGISTRATIONS = new Registration[0];

  private final Cache<K, V> source;
  private final Executor executor;

  /** Guards changes to {@link #registrations} and {@link #closed}. */
  private final Object lock = new Object();

  /**
   * The events the current thread's operation has published and not yet dispatched. An instance
   * field, not a static one: each cache queues its own events, and a dispatcher lives as long as
   * its cache.
   */
  @SuppressWarnings("ThreadLocalUsage")
  private final ThreadLocal<List<Pending<K, V>>> queued = new ThreadLocal<>();

  /**
   * Per (asynchronous registration, key): the last delivery handed out, which the next one waits
   * for. Removed when that delivery ends and none is waiting behind it.
   */
  private final ConcurrentHashMap<OrderKey, CompletableFuture<Void>> lastDelivery =
      new ConcurrentHashMap<>();

  private volatile Registration<K, V>[] registrations = noRegistrations();

  /** A bit per {@link EventType} (see {@link #bit}): some listener handles that type. */
  private volatile int typesListenedTo;

  /** A bit per {@link EventType}: some listener of that type requires old values. */
  private volatile int typesNeedingOldValues;

  /** Set by the first registration: until then dispatch() spares itself the thread-local lookup. */
  private volatile boolean everRegistered;

  private volatile boolean closed;

  public EventDispatcher(Cache<K, V> source, Executor executor) {
    this.source = Objects.requireNonNull(source, "source");
    this.executor = Objects.requireNonNull(executor, "executor");
  }

  // ------------------------------------------------------------------ registrations

  /**
   * Registers a listener configuration, instantiating its listener and optional filter.
   *
   * @throws IllegalArgumentException if an equal configuration is already registered or the
   *     configuration has no listener factory
   * @throws IllegalStateException if this dispatcher is closed
   */
  public void register(CacheEntryListenerConfiguration<K, V> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException(
            "Event dispatcher of cache " + source.getName() + " is closed");
      }
      if (indexOf(configuration) >= 0) {
        throw new IllegalArgumentException(
            "Cache entry listener configuration is already registered: " + configuration);
      }
      install(appended(registrations, Registration.create(configuration)));
      everRegistered = true;
    }
  }

  /**
   * Removes the registration with an equal configuration (no-op if none) and closes its listener
   * and filter if they are {@link AutoCloseable}.
   */
  public void deregister(CacheEntryListenerConfiguration<K, V> configuration) {
    Objects.requireNonNull(configuration, "configuration");
    Registration<K, V> removed;
    synchronized (lock) {
      int index = indexOf(configuration);
      if (index < 0) {
        return;
      }
      removed = registrations[index];
      install(without(registrations, index));
    }
    // Outside the lock: a listener's close() may take its time, or call back into the cache.
    removed.close();
  }

  /** An unmodifiable snapshot of the registered configurations, in registration order. */
  public List<CacheEntryListenerConfiguration<K, V>> configurations() {
    Registration<K, V>[] current = registrations;
    List<CacheEntryListenerConfiguration<K, V>> configurations = new ArrayList<>(current.length);
    for (Registration<K, V> registration : current) {
      configurations.add(registration.configuration);
    }
    return Collections.unmodifiableList(configurations);
  }

  /** Whether any registered listener handles events of the given type. */
  public boolean hasListeners(EventType type) {
    return (typesListenedTo & bit(type)) != 0;
  }

  /** Whether any registered listener of the given type requires old values. */
  public boolean requiresOldValue(EventType type) {
    return (typesNeedingOldValues & bit(type)) != 0;
  }

  private int indexOf(CacheEntryListenerConfiguration<K, V> configuration) {
    Registration<K, V>[] current = registrations;
    for (int i = 0; i < current.length; i++) {
      if (current[i].configuration.equals(configuration)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Makes {@code updated} the registrations, with the type masks that publish() reads. Under the
   * lock.
   */
  private void install(Registration<K, V>[] updated) {
    int listened = 0;
    int needingOldValues = 0;
    for (Registration<K, V> registration : updated) {
      listened |= registration.types;
      if (registration.oldValueRequired) {
        needingOldValues |= registration.types;
      }
    }
    registrations = updated;
    typesListenedTo = listened;
    typesNeedingOldValues = needingOldValues;
  }

  private static <K, V> Registration<K, V>[] appended(
      Registration<K, V>[] all, Registration<K, V> added) {
    Registration<K, V>[] longer = Arrays.copyOf(all, all.length + 1);
    longer[all.length] = added;
    return longer;
  }

  private static <K, V> Registration<K, V>[] without(Registration<K, V>[] all, int index) {
    Registration<K, V>[] shorter = Arrays.copyOf(all, all.length - 1);
    System.arraycopy(all, index + 1, shorter, index, all.length - index - 1);
    return shorter;
  }

  @SuppressWarnings("unchecked") // an empty array holds no registration of the wrong type
  private static <K, V> Registration<K, V>[] noRegistrations() {
    return NO_REGISTRATIONS;
  }

  // ------------------------------------------------------------------ an operation's events

  /**
   * Queues an event of the current operation on the current thread. Does nothing (and allocates
   * nothing) if no listener handles {@code type}.
   *
   * @param value the new value (CREATED/UPDATED); may be {@code null} for REMOVED/EXPIRED
   * @param oldValue the previous value (UPDATED/REMOVED/EXPIRED) or {@code null} if unknown; for
   *     REMOVED/EXPIRED {@code value} is used as the previous value when {@code oldValue} is null
   */
  public void publish(EventType type, K key, V value, V oldValue) {
    if ((typesListenedTo & bit(type)) == 0) {
      return;
    }
    List<Pending<K, V>> events = queued.get();
    if (events == null) {
      events = new ArrayList<>();
      queued.set(events);
    }
    events.add(new Pending<>(type, key, value, oldValue));
  }

  /** Drops the events queued on the current thread (e.g. because the operation failed). */
  public void discard() {
    if (!everRegistered) {
      return;
    }
    List<Pending<K, V>> events = queued.get();
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
    List<Pending<K, V>> events = queued.get();
    if (events == null || events.isEmpty()) {
      return;
    }
    // Detached while they are delivered: a listener's own cache operations queue and dispatch
    // their events apart from these.
    queued.set(null);
    Throwable failure;
    try {
      failure = closed ? null : deliver(events);
    } finally {
      keepForNextOperation(events);
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  /**
   * Hands the events to every registration that handles one of their types: synchronous ones run
   * now, asynchronous ones are queued on the executor.
   *
   * @return the first synchronous failure, later ones suppressed in it; null if none
   */
  private Throwable deliver(List<Pending<K, V>> events) {
    int typesPublished = 0;
    for (int i = 0; i < events.size(); i++) {
      typesPublished |= bit(events.get(i).type());
    }
    Throwable failure = null;
    for (Registration<K, V> registration : registrations) {
      if ((registration.types & typesPublished) == 0) {
        continue;
      }
      if (registration.synchronous) {
        failure = deliverSynchronously(registration, events, failure);
      } else {
        deliverAsynchronously(registration, events);
      }
    }
    return failure;
  }

  /** Empties the thread's queue and keeps it, unless a listener's operation left one meanwhile. */
  private void keepForNextOperation(List<Pending<K, V>> events) {
    boolean small = events.size() <= LARGEST_KEPT_QUEUE;
    events.clear();
    if (small && queued.get() == null) {
      queued.set(events);
    }
  }

  // ------------------------------------------------------------------ synchronous listeners

  /**
   * Runs a synchronous listener on the events it handles. A failure ends this listener's share of
   * the dispatch (the other listeners still get theirs).
   *
   * @return {@code failure}, or this listener's failure if it is the first
   */
  private Throwable deliverSynchronously(
      Registration<K, V> registration, List<Pending<K, V>> events, Throwable failure) {
    try {
      runInBatches(registration, events);
      return failure;
    } catch (Throwable t) {
      return firstFailure(failure, asListenerFailure(t));
    }
  }

  /**
   * One call per run of consecutive events of one type that the listener handles and its filter
   * passes.
   */
  private void runInBatches(Registration<K, V> registration, List<Pending<K, V>> events) {
    EventType batchType = null;
    List<CacheEntryEvent<? extends K, ? extends V>> batch = null;
    for (int i = 0; i < events.size(); i++) {
      Pending<K, V> pending = events.get(i);
      if (!registration.handles(pending.type())) {
        continue;
      }
      EntryEvent<K, V> event = registration.eventFor(source, pending);
      if (!registration.passes(event)) {
        continue;
      }
      if (batch != null && batchType != pending.type()) {
        invoke(registration.listener, batchType, batch);
        batch = null;
      }
      if (batch == null) {
        // Sized for the events left, at most 16: most batches are one event.
        batch = new ArrayList<>(Math.min(events.size() - i, 16));
        batchType = pending.type();
      }
      batch.add(event);
    }
    if (batch != null) {
      invoke(registration.listener, batchType, batch);
    }
  }

  /** What a synchronous failure surfaces as: JCache's listener exception, or an Error as it is. */
  private static Throwable asListenerFailure(Throwable t) {
    if (t instanceof CacheEntryListenerException || t instanceof Error) {
      return t;
    }
    return new CacheEntryListenerException("Cache entry listener failed: " + t, t);
  }

  private static Throwable firstFailure(Throwable first, Throwable next) {
    if (first == null) {
      return next;
    }
    if (first != next) {
      first.addSuppressed(next);
    }
    return first;
  }

  // ------------------------------------------------------------------ asynchronous listeners

  private void deliverAsynchronously(Registration<K, V> registration, List<Pending<K, V>> events) {
    for (int i = 0; i < events.size(); i++) {
      Pending<K, V> pending = events.get(i);
      if (registration.handles(pending.type())) {
        enqueue(registration, pending);
      }
    }
  }

  /**
   * Runs the delivery of one event on the executor once the previous delivery of its key to this
   * listener has ended: per (listener, key) order without a thread or lock per key.
   */
  // The stage whenComplete returns is not needed: execute() handles its own failures.
  @SuppressWarnings("FutureReturnValueIgnored")
  private void enqueue(Registration<K, V> registration, Pending<K, V> pending) {
    OrderKey order = new OrderKey(registration, pending.key());
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> previous = lastDelivery.put(order, done);
    Runnable delivery =
        () -> {
          try {
            runAsynchronously(registration, pending);
          } finally {
            ended(order, done);
          }
        };
    if (previous == null) {
      execute(delivery, order, done);
    } else {
      previous.whenComplete((ignored, error) -> execute(delivery, order, done));
    }
  }

  private void execute(Runnable delivery, OrderKey order, CompletableFuture<Void> done) {
    try {
      executor.execute(delivery);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "Could not schedule asynchronous cache entry event for cache "
              + source.getName()
              + "; event dropped",
          e);
      ended(order, done);
    }
  }

  /** Lets the next delivery of the key go; forgets the key unless one is already waiting. */
  private void ended(OrderKey order, CompletableFuture<Void> done) {
    done.complete(null);
    lastDelivery.remove(order, done);
  }

  /**
   * One event to an asynchronous listener; nothing once the dispatcher or registration is closed.
   */
  private void runAsynchronously(Registration<K, V> registration, Pending<K, V> pending) {
    if (closed || registration.closed) {
      return;
    }
    try {
      EntryEvent<K, V> event = registration.eventFor(source, pending);
      if (registration.passes(event)) {
        invoke(registration.listener, pending.type(), Collections.singletonList(event));
      }
    } catch (Throwable t) {
      // No caller to tell: the operation that published the event has long returned.
      LOG.log(
          Level.WARNING,
          "Asynchronous cache entry listener "
              + registration.listener.getClass().getName()
              + " of cache "
              + source.getName()
              + " failed on "
              + pending.type()
              + " event",
          t);
    }
  }

  // ------------------------------------------------------------------ both

  @SuppressWarnings(
      "unchecked") // the registration's type bits say which listener interface it implements
  private static <K, V> void invoke(
      CacheEntryListener<K, V> listener,
      EventType type,
      List<CacheEntryEvent<? extends K, ? extends V>> events) {
    Iterable<CacheEntryEvent<? extends K, ? extends V>> view = Collections.unmodifiableList(events);
    switch (type) {
      case CREATED -> ((CacheEntryCreatedListener<K, V>) listener).onCreated(view);
      case UPDATED -> ((CacheEntryUpdatedListener<K, V>) listener).onUpdated(view);
      case REMOVED -> ((CacheEntryRemovedListener<K, V>) listener).onRemoved(view);
      case EXPIRED -> ((CacheEntryExpiredListener<K, V>) listener).onExpired(view);
      default -> throw new IllegalArgumentException("Unknown event type " + type);
    }
  }

  /**
   * Closes all listeners and filters that are {@link AutoCloseable} (which includes {@link
   * java.io.Closeable}), forgets the registrations and pending ordering state. Afterwards nothing
   * is dispatched anymore; events already handed to the executor are skipped.
   */
  public void close() {
    Registration<K, V>[] current;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      current = registrations;
      install(noRegistrations());
    }
    queued.remove();
    for (Registration<K, V> registration : current) {
      registration.close();
    }
    lastDelivery.clear();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** An event type's bit in a mask: four types fit an int, and a mask test costs no lookup. */
  @SuppressWarnings("EnumOrdinal") // a bit per constant, as EnumSet has; never stored or sent
  private static int bit(EventType type) {
    return 1 << type.ordinal();
  }

  /** An event as {@link #publish} queued it. */
  private record Pending<K, V>(EventType type, K key, V value, V oldValue) {}

  /**
   * Ordering scope of asynchronous deliveries: one registration and one key. A registration has
   * identity equality, so two equal configurations registered one after the other never share a
   * scope.
   */
  private record OrderKey(Registration<?, ?> registration, Object key) {}

  /** A registered configuration with its instantiated listener and filter. */
  private static final class Registration<K, V> {
    final CacheEntryListenerConfiguration<K, V> configuration;
    final CacheEntryListener<K, V> listener;

    /** Null: every event passes. */
    final CacheEntryEventFilter<K, V> filter;

    final boolean synchronous;
    final boolean oldValueRequired;

    /** The bits of the event types the listener implements. */
    final int types;

    volatile boolean closed;

    private Registration(
        CacheEntryListenerConfiguration<K, V> configuration,
        CacheEntryListener<K, V> listener,
        CacheEntryEventFilter<K, V> filter) {
      this.configuration = configuration;
      this.listener = listener;
      this.filter = filter;
      this.synchronous = configuration.isSynchronous();
      this.oldValueRequired = configuration.isOldValueRequired();
      this.types = typesOf(listener);
    }

    /**
     * Instantiates the configuration's listener and filter; the listener is closed if the filter
     * fails.
     */
    @SuppressWarnings("unchecked") // a listener of ? super K, ? super V takes K, V events
    static <K, V> Registration<K, V> create(CacheEntryListenerConfiguration<K, V> configuration) {
      Factory<CacheEntryListener<? super K, ? super V>> listenerFactory =
          configuration.getCacheEntryListenerFactory();
      if (listenerFactory == null) {
        throw new IllegalArgumentException(
            "Cache entry listener configuration has no listener factory: " + configuration);
      }
      CacheEntryListener<K, V> listener = (CacheEntryListener<K, V>) listenerFactory.create();
      if (listener == null) {
        throw new IllegalArgumentException(
            "Cache entry listener factory returned null: " + listenerFactory);
      }
      Factory<CacheEntryEventFilter<? super K, ? super V>> filterFactory =
          configuration.getCacheEntryEventFilterFactory();
      CacheEntryEventFilter<K, V> filter = null;
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

    private static int typesOf(CacheEntryListener<?, ?> listener) {
      int types = 0;
      if (listener instanceof CacheEntryCreatedListener) {
        types |= bit(EventType.CREATED);
      }
      if (listener instanceof CacheEntryUpdatedListener) {
        types |= bit(EventType.UPDATED);
      }
      if (listener instanceof CacheEntryRemovedListener) {
        types |= bit(EventType.REMOVED);
      }
      if (listener instanceof CacheEntryExpiredListener) {
        types |= bit(EventType.EXPIRED);
      }
      return types;
    }

    boolean handles(EventType type) {
      return (types & bit(type)) != 0;
    }

    /** The event as this listener sees it: with the old value only if it asked for old values. */
    EntryEvent<K, V> eventFor(Cache<K, V> source, Pending<K, V> pending) {
      return EntryEvent.create(
          source,
          pending.type(),
          pending.key(),
          pending.value(),
          pending.oldValue(),
          oldValueRequired);
    }

    boolean passes(EntryEvent<K, V> event) {
      return filter == null || filter.evaluate(event);
    }

    void close() {
      closed = true;
      closeQuietly(listener);
      if (filter != null && filter != listener) {
        closeQuietly(filter);
      }
    }

    private static void closeQuietly(Object resource) {
      if (resource instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          LOG.log(Level.WARNING, "Failed to close " + resource.getClass().getName(), e);
        }
      }
    }
  }
}
