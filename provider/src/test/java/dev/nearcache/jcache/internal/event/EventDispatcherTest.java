package dev.nearcache.jcache.internal.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.Closeable;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryEventFilter;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryListener;
import javax.cache.event.CacheEntryListenerException;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {

  private final Cache<String, String> cache = TestCaches.cache("dispatch");
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final EventDispatcher<String, String> dispatcher = new EventDispatcher<>(cache, executor);

  @AfterEach
  void tearDown() throws InterruptedException {
    dispatcher.close();
    executor.shutdownNow();
    assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
  }

  // ------------------------------------------------------------------------------ helpers

  /** Records every listener call: one entry per call with the events of that call. */
  static class Recorder
      implements CacheEntryCreatedListener<String, String>,
          CacheEntryUpdatedListener<String, String>,
          CacheEntryRemovedListener<String, String>,
          CacheEntryExpiredListener<String, String>,
          Closeable {

    final List<Call> calls = new CopyOnWriteArrayList<>();
    final AtomicBoolean closed = new AtomicBoolean();

    void record(
        EventType expected, Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      List<CacheEntryEvent<? extends String, ? extends String>> list = new ArrayList<>();
      for (CacheEntryEvent<? extends String, ? extends String> e : events) {
        assertEquals(expected, e.getEventType());
        list.add(e);
      }
      calls.add(new Call(expected, list, Thread.currentThread()));
    }

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(EventType.CREATED, events);
    }

    @Override
    public void onUpdated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(EventType.UPDATED, events);
    }

    @Override
    public void onRemoved(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(EventType.REMOVED, events);
    }

    @Override
    public void onExpired(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      record(EventType.EXPIRED, events);
    }

    @Override
    public void close() {
      closed.set(true);
    }

    List<CacheEntryEvent<? extends String, ? extends String>> events() {
      return calls.stream().flatMap(c -> c.events.stream()).collect(Collectors.toList());
    }

    List<String> keys() {
      return events().stream().map(CacheEntryEvent::getKey).collect(Collectors.toList());
    }
  }

  static final class Call {
    final EventType type;
    final List<CacheEntryEvent<? extends String, ? extends String>> events;
    final Thread thread;

    Call(
        EventType type,
        List<CacheEntryEvent<? extends String, ? extends String>> events,
        Thread thread) {
      this.type = type;
      this.events = events;
      this.thread = thread;
    }
  }

  /** Listener implementing CREATED only. */
  static class CreatedOnly implements CacheEntryCreatedListener<String, String> {
    final List<String> keys = new CopyOnWriteArrayList<>();

    @Override
    public void onCreated(Iterable<CacheEntryEvent<? extends String, ? extends String>> events) {
      events.forEach(e -> keys.add(e.getKey()));
    }
  }

  static MutableCacheEntryListenerConfiguration<String, String> config(
      CacheEntryListener<String, String> listener,
      CacheEntryEventFilter<String, String> filter,
      boolean oldValueRequired,
      boolean synchronous) {
    Factory<CacheEntryListener<? super String, ? super String>> lf = () -> listener;
    Factory<CacheEntryEventFilter<? super String, ? super String>> ff =
        filter == null ? null : () -> filter;
    return new MutableCacheEntryListenerConfiguration<>(lf, ff, oldValueRequired, synchronous);
  }

  private void publishAndDispatch(EventType type, String key, String value, String oldValue) {
    dispatcher.publish(type, key, value, oldValue);
    dispatcher.dispatch();
  }

  // ------------------------------------------------------------------------------ tests

  @Test
  void synchronousListenersRunOnCallerBeforeDispatchReturns() {
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, null, false, true));

    dispatcher.publish(EventType.CREATED, "a", "1", null);
    dispatcher.publish(EventType.CREATED, "b", "2", null);
    dispatcher.publish(EventType.UPDATED, "a", "3", "1");
    dispatcher.publish(EventType.CREATED, "c", "4", null);
    dispatcher.publish(EventType.REMOVED, "b", null, "2");
    assertTrue(recorder.calls.isEmpty(), "nothing delivered before dispatch");
    dispatcher.dispatch();

    // consecutive events of one type share a call; publication order is preserved
    assertEquals(
        List.of(EventType.CREATED, EventType.UPDATED, EventType.CREATED, EventType.REMOVED),
        recorder.calls.stream().map(c -> c.type).collect(Collectors.toList()));
    assertEquals(2, recorder.calls.get(0).events.size());
    assertEquals(List.of("a", "b", "a", "c", "b"), recorder.keys());
    for (Call call : recorder.calls) {
      assertSame(Thread.currentThread(), call.thread);
    }
    for (CacheEntryEvent<? extends String, ? extends String> e : recorder.events()) {
      assertSame(cache, e.getSource());
    }

    // the queue was drained
    dispatcher.dispatch();
    assertEquals(4, recorder.calls.size());
  }

  @Test
  void listenerOnlyReceivesTypesItImplements() {
    CreatedOnly created = new CreatedOnly();
    dispatcher.register(config(created, null, false, true));
    assertTrue(dispatcher.hasListeners(EventType.CREATED));
    assertFalse(dispatcher.hasListeners(EventType.UPDATED));
    assertFalse(dispatcher.hasListeners(EventType.REMOVED));
    assertFalse(dispatcher.hasListeners(EventType.EXPIRED));

    publishAndDispatch(EventType.UPDATED, "x", "2", "1");
    publishAndDispatch(EventType.CREATED, "y", "1", null);
    assertEquals(List.of("y"), created.keys);
  }

  @Test
  void oldValueFlagsFollowEachRegistration() {
    Recorder withOld = new Recorder();
    Recorder withoutOld = new Recorder();
    dispatcher.register(config(withOld, null, true, true));
    assertTrue(dispatcher.requiresOldValue(EventType.UPDATED));
    assertTrue(dispatcher.requiresOldValue(EventType.REMOVED));
    dispatcher.register(config(withoutOld, null, false, true));

    dispatcher.publish(EventType.CREATED, "k", "v1", null);
    dispatcher.publish(EventType.UPDATED, "k", "v2", "v1");
    dispatcher.publish(EventType.REMOVED, "k", null, "v2");
    dispatcher.publish(EventType.EXPIRED, "j", null, "w");
    dispatcher.dispatch();

    List<CacheEntryEvent<? extends String, ? extends String>> a = withOld.events();
    assertEquals(4, a.size());
    assertFalse(a.get(0).isOldValueAvailable());
    assertEquals("v1", a.get(0).getValue());
    assertTrue(a.get(1).isOldValueAvailable());
    assertEquals("v2", a.get(1).getValue());
    assertEquals("v1", a.get(1).getOldValue());
    assertTrue(a.get(2).isOldValueAvailable());
    assertEquals("v2", a.get(2).getValue());
    assertEquals("v2", a.get(2).getOldValue());
    assertTrue(a.get(3).isOldValueAvailable());
    assertEquals("w", a.get(3).getValue());
    assertEquals("w", a.get(3).getOldValue());

    List<CacheEntryEvent<? extends String, ? extends String>> b = withoutOld.events();
    assertEquals(4, b.size());
    assertEquals("v1", b.get(0).getValue());
    assertEquals("v2", b.get(1).getValue());
    for (CacheEntryEvent<? extends String, ? extends String> e : b) {
      assertFalse(e.isOldValueAvailable());
      assertNull(e.getOldValue());
    }
    assertNull(b.get(2).getValue());
    assertNull(b.get(3).getValue());

    dispatcher.deregister(config(withOld, null, true, true)); // not equal (new factory): no-op
    assertTrue(dispatcher.requiresOldValue(EventType.UPDATED));
  }

  @Test
  void requiresOldValueIsPerType() {
    CreatedOnly created = new CreatedOnly();
    Recorder recorder = new Recorder();
    dispatcher.register(config(created, null, true, true));
    assertFalse(dispatcher.requiresOldValue(EventType.UPDATED));
    dispatcher.register(config(recorder, null, false, true));
    assertFalse(dispatcher.requiresOldValue(EventType.UPDATED));
    assertTrue(dispatcher.requiresOldValue(EventType.CREATED));
  }

  @Test
  void filtersApplyPerListener() {
    Recorder filtered = new Recorder();
    Recorder unfiltered = new Recorder();
    List<CacheEntryEvent<? extends String, ? extends String>> seenByFilter = new ArrayList<>();
    CacheEntryEventFilter<String, String> vowels =
        e -> {
          seenByFilter.add(e);
          return e.getValue() == null || e.getValue().matches(".*[aeiou].*");
        };
    dispatcher.register(config(filtered, vowels, true, true));
    dispatcher.register(config(unfiltered, null, true, true));

    dispatcher.publish(EventType.CREATED, "1", "Sooty", null);
    dispatcher.publish(EventType.CREATED, "2", "Zyn", null);
    dispatcher.publish(EventType.UPDATED, "1", "Fred", "Sooty");
    dispatcher.publish(EventType.REMOVED, "1", null, "Fred");
    dispatcher.dispatch();

    assertEquals(List.of("1", "1", "1"), filtered.keys());
    assertEquals(List.of("1", "2", "1", "1"), unfiltered.keys());
    assertEquals(4, seenByFilter.size());
    // the filter sees the same event semantics as its listener
    assertEquals("Fred", seenByFilter.get(3).getValue());
    assertTrue(seenByFilter.get(3).isOldValueAvailable());
  }

  @Test
  void registrationDeregistrationAndConfigurations() {
    Recorder first = new Recorder();
    Recorder second = new Recorder();
    MutableCacheEntryListenerConfiguration<String, String> c1 = config(first, null, false, true);
    MutableCacheEntryListenerConfiguration<String, String> c2 = config(second, null, false, false);
    dispatcher.register(c1);
    dispatcher.register(c2);
    assertThrows(IllegalArgumentException.class, () -> dispatcher.register(c1));
    assertThrows(
        IllegalArgumentException.class,
        () -> dispatcher.register(new MutableCacheEntryListenerConfiguration<>(c1)));
    assertEquals(List.of(c1, c2), collect(dispatcher.configurations()));

    dispatcher.deregister(c2);
    assertTrue(second.closed.get(), "deregistered listener is closed");
    assertFalse(first.closed.get());
    assertEquals(List.of(c1), collect(dispatcher.configurations()));
    dispatcher.deregister(c2); // no-op
    assertEquals(List.of(c1), collect(dispatcher.configurations()));

    publishAndDispatch(EventType.CREATED, "k", "v", null);
    assertEquals(1, first.calls.size());
    assertTrue(second.calls.isEmpty());

    dispatcher.deregister(new MutableCacheEntryListenerConfiguration<>(c1)); // equal copy
    assertFalse(dispatcher.configurations().iterator().hasNext());
    assertFalse(dispatcher.hasListeners(EventType.CREATED));
    publishAndDispatch(EventType.CREATED, "k", "v", null);
    assertEquals(1, first.calls.size());

    // re-registration after deregistration is allowed
    dispatcher.register(c2);
    assertEquals(List.of(c2), collect(dispatcher.configurations()));
    assertThrows(NullPointerException.class, () -> dispatcher.deregister(null));
    assertThrows(NullPointerException.class, () -> dispatcher.register(null));
  }

  private static <T> List<T> collect(Iterable<T> iterable) {
    List<T> list = new ArrayList<>();
    iterable.forEach(list::add);
    return list;
  }

  @Test
  void synchronousExceptionsAreWrappedAndOthersStillNotified() {
    Recorder before = new Recorder();
    Recorder after = new Recorder();
    IllegalStateException boom = new IllegalStateException("boom");
    CacheEntryCreatedListener<String, String> broken =
        events -> {
          throw boom;
        };
    dispatcher.register(config(before, null, false, true));
    dispatcher.register(config(broken, null, false, true));
    dispatcher.register(config(after, null, false, true));

    dispatcher.publish(EventType.CREATED, "k", "v", null);
    CacheEntryListenerException thrown =
        assertThrows(CacheEntryListenerException.class, dispatcher::dispatch);
    assertSame(boom, thrown.getCause());
    assertEquals(1, before.calls.size());
    assertEquals(1, after.calls.size());

    // the failed batch is not redelivered
    dispatcher.dispatch();
    assertEquals(1, before.calls.size());
  }

  @Test
  void cacheEntryListenerExceptionAndErrorsPropagateUnwrapped() {
    CacheEntryListenerException cele = new CacheEntryListenerException("I broke");
    AssertionError error = new AssertionError("failed");
    CacheEntryCreatedListener<String, String> throwsCele =
        events -> {
          throw cele;
        };
    CacheEntryUpdatedListener<String, String> throwsError =
        events -> {
          throw error;
        };
    dispatcher.register(config(throwsCele, null, false, true));
    dispatcher.register(config(throwsError, null, false, true));

    dispatcher.publish(EventType.CREATED, "k", "v", null);
    assertSame(cele, assertThrows(CacheEntryListenerException.class, dispatcher::dispatch));

    dispatcher.publish(EventType.UPDATED, "k", "v2", "v");
    assertSame(error, assertThrows(AssertionError.class, dispatcher::dispatch));

    // both failing in one dispatch: first thrown, second suppressed
    dispatcher.publish(EventType.CREATED, "k", "v", null);
    dispatcher.publish(EventType.UPDATED, "k", "v2", "v");
    CacheEntryListenerException first =
        assertThrows(CacheEntryListenerException.class, dispatcher::dispatch);
    assertSame(cele, first);
    assertTrue(List.of(first.getSuppressed()).contains(error));
  }

  @Test
  void filterExceptionPropagatesForSynchronousListener() {
    Recorder recorder = new Recorder();
    CacheEntryEventFilter<String, String> broken =
        e -> {
          throw new UnsupportedOperationException("filter");
        };
    dispatcher.register(config(recorder, broken, false, true));
    dispatcher.publish(EventType.CREATED, "k", "v", null);
    CacheEntryListenerException thrown =
        assertThrows(CacheEntryListenerException.class, dispatcher::dispatch);
    assertTrue(thrown.getCause() instanceof UnsupportedOperationException);
    assertTrue(recorder.calls.isEmpty());
  }

  @Test
  void discardDropsQueuedEvents() {
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, null, false, true));
    dispatcher.publish(EventType.CREATED, "k", "v", null);
    dispatcher.discard();
    dispatcher.dispatch();
    assertTrue(recorder.calls.isEmpty());
  }

  @Test
  void eventsAreQueuedPerThread() throws Exception {
    Recorder recorder = new Recorder();
    dispatcher.register(config(recorder, null, false, true));
    dispatcher.publish(EventType.CREATED, "mine", "v", null);
    Thread other =
        new Thread(
            () -> {
              dispatcher.publish(EventType.CREATED, "theirs", "v", null);
              dispatcher.dispatch();
            });
    other.start();
    other.join();
    assertEquals(List.of("theirs"), recorder.keys());
    dispatcher.dispatch();
    assertEquals(List.of("theirs", "mine"), recorder.keys());
  }

  @Test
  void reentrantOperationsFromSynchronousListener() {
    List<String> seen = new CopyOnWriteArrayList<>();
    AtomicBoolean nested = new AtomicBoolean();
    CacheEntryCreatedListener<String, String> listener =
        events -> {
          for (CacheEntryEvent<? extends String, ? extends String> e : events) {
            seen.add(e.getKey());
          }
          if (nested.compareAndSet(false, true)) {
            dispatcher.publish(EventType.CREATED, "inner", "v", null);
            dispatcher.dispatch();
          }
        };
    dispatcher.register(config(listener, null, false, true));
    dispatcher.publish(EventType.CREATED, "outer1", "v", null);
    dispatcher.publish(EventType.CREATED, "outer2", "v", null);
    dispatcher.dispatch();
    assertEquals(List.of("outer1", "outer2", "inner"), seen);
    dispatcher.dispatch();
    assertEquals(3, seen.size());
  }

  @Test
  @SuppressWarnings(
      "ThreadPriorityCheck") // the listener yields now and then to shuffle the deliveries
  void asynchronousListenersKeepPerKeyOrderUnderConcurrency() throws Exception {
    int keys = 16;
    int perKey = 300;
    Map<String, List<String>> received = new ConcurrentHashMap<>();
    AtomicInteger delivered = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(keys * perKey);
    CacheEntryUpdatedListener<String, String> slow =
        events -> {
          for (CacheEntryEvent<? extends String, ? extends String> e : events) {
            if (ThreadLocalRandom.current().nextInt(20) == 0) {
              Thread.yield();
            }
            received
                .computeIfAbsent(e.getKey(), k -> Collections.synchronizedList(new ArrayList<>()))
                .add(e.getValue());
            delivered.incrementAndGet();
            done.countDown();
          }
        };
    dispatcher.register(config(slow, null, false, false));

    // 4 publisher threads, each key is updated by all of them under a per-key lock, so the
    // publication order per key is well defined
    Object[] locks = new Object[keys];
    for (int i = 0; i < keys; i++) {
      locks[i] = new Object();
    }
    AtomicInteger[] sequence = new AtomicInteger[keys];
    for (int i = 0; i < keys; i++) {
      sequence[i] = new AtomicInteger();
    }
    ExecutorService publishers = Executors.newFixedThreadPool(4);
    CountDownLatch start = new CountDownLatch(1);
    List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      futures.add(
          publishers.submit(
              () -> {
                start.await();
                for (int n = 0; n < keys * perKey / 4; n++) {
                  int k = ThreadLocalRandom.current().nextInt(keys);
                  synchronized (locks[k]) {
                    int seq = sequence[k].getAndIncrement();
                    if (seq >= perKey) {
                      sequence[k].decrementAndGet();
                      n--;
                      continue;
                    }
                    dispatcher.publish(EventType.UPDATED, "key" + k, Integer.toString(seq), null);
                    dispatcher.dispatch();
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (java.util.concurrent.Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    publishers.shutdown();
    assertTrue(done.await(60, TimeUnit.SECONDS), "delivered " + delivered.get());
    assertEquals(keys, received.size());
    for (int k = 0; k < keys; k++) {
      List<String> values = received.get("key" + k);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < perKey; i++) {
        expected.add(Integer.toString(i));
      }
      assertEquals(expected, new ArrayList<>(values), "order of key" + k);
    }
  }

  @Test
  void asynchronousKeysDoNotBlockEachOther() throws Exception {
    CountDownLatch bReceived = new CountDownLatch(1);
    CountDownLatch aFinished = new CountDownLatch(1);
    AtomicBoolean aSawB = new AtomicBoolean();
    CacheEntryCreatedListener<String, String> listener =
        events -> {
          for (CacheEntryEvent<? extends String, ? extends String> e : events) {
            if (e.getKey().equals("a")) {
              try {
                aSawB.set(bReceived.await(10, TimeUnit.SECONDS));
              } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
              }
              aFinished.countDown();
            } else {
              bReceived.countDown();
            }
          }
        };
    dispatcher.register(config(listener, null, false, false));
    dispatcher.publish(EventType.CREATED, "a", "1", null);
    dispatcher.publish(EventType.CREATED, "b", "1", null);
    dispatcher.dispatch();
    assertTrue(aFinished.await(20, TimeUnit.SECONDS));
    assertTrue(aSawB.get(), "event for b was delivered while a's listener call was blocked");
  }

  @Test
  void asynchronousDeliveryDoesNotBlockCallerAndSwallowsExceptions() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> values = new CopyOnWriteArrayList<>();
    CountDownLatch all = new CountDownLatch(3);
    AtomicInteger calls = new AtomicInteger();
    CacheEntryCreatedListener<String, String> listener =
        events -> {
          for (CacheEntryEvent<? extends String, ? extends String> e : events) {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
            }
            values.add(e.getValue());
            all.countDown();
            if (calls.incrementAndGet() == 1) {
              throw new IllegalStateException("async failure is only logged");
            }
          }
        };
    dispatcher.register(config(listener, null, false, false));
    for (int i = 0; i < 3; i++) {
      publishAndDispatch(EventType.CREATED, "same", "v" + i, null); // must not block or throw
    }
    assertTrue(values.isEmpty());
    release.countDown();
    assertTrue(all.await(10, TimeUnit.SECONDS));
    assertEquals(List.of("v0", "v1", "v2"), values);
  }

  @Test
  void asynchronousFilterAndOldValues() throws Exception {
    List<CacheEntryEvent<? extends String, ? extends String>> got = new CopyOnWriteArrayList<>();
    CountDownLatch latch = new CountDownLatch(2);
    CacheEntryRemovedListener<String, String> listener =
        events -> {
          events.forEach(got::add);
          events.forEach(e -> latch.countDown());
        };
    CacheEntryEventFilter<String, String> filter = e -> !e.getKey().startsWith("skip");
    dispatcher.register(config(listener, filter, true, false));
    dispatcher.publish(EventType.REMOVED, "k1", null, "old1");
    dispatcher.publish(EventType.REMOVED, "skip", null, "x");
    dispatcher.publish(EventType.REMOVED, "k2", null, "old2");
    dispatcher.dispatch();
    assertTrue(latch.await(10, TimeUnit.SECONDS));
    Thread.sleep(50);
    assertEquals(2, got.size());
    for (CacheEntryEvent<? extends String, ? extends String> e : got) {
      assertTrue(e.isOldValueAvailable());
      assertEquals(e.getOldValue(), e.getValue());
      assertTrue(e.getValue().startsWith("old"));
    }
  }

  static class ClosingFilter implements CacheEntryEventFilter<String, String>, AutoCloseable {
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public boolean evaluate(CacheEntryEvent<? extends String, ? extends String> event) {
      return true;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  @Test
  void closeClosesListenersAndFiltersAndStopsDispatch() {
    Recorder recorder = new Recorder();
    ClosingFilter filter = new ClosingFilter();
    dispatcher.register(config(recorder, filter, false, true));
    dispatcher.publish(EventType.CREATED, "k", "v", null);
    dispatcher.close();
    assertTrue(dispatcher.isClosed());
    assertTrue(recorder.closed.get());
    assertTrue(filter.closed.get());
    dispatcher.dispatch();
    publishAndDispatch(EventType.CREATED, "k2", "v", null);
    assertTrue(recorder.calls.isEmpty());
    assertFalse(dispatcher.configurations().iterator().hasNext());
    assertThrows(
        IllegalStateException.class,
        () -> dispatcher.register(config(new Recorder(), null, false, true)));
    dispatcher.close(); // idempotent
  }

  @Test
  void noListenerFastPathDoesNotAllocate() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);

    EventDispatcher<String, String> idle = new EventDispatcher<>(cache, Runnable::run);
    // a dispatcher whose listeners handle other types only
    EventDispatcher<String, String> other = new EventDispatcher<>(cache, Runnable::run);
    other.register(config(new CreatedOnly(), null, false, true));
    String key = "k";
    String value = "v";
    Runnable loop =
        () -> {
          for (int i = 0; i < 100_000; i++) {
            idle.publish(EventType.UPDATED, key, value, value);
            idle.dispatch();
            idle.hasListeners(EventType.UPDATED);
            idle.requiresOldValue(EventType.UPDATED);
            other.publish(EventType.UPDATED, key, value, value);
            other.dispatch();
            other.discard();
          }
        };
    loop.run(); // warm up (JIT, thread-local initialisation)
    long id = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(id);
    loop.run();
    long allocated = threads.getThreadAllocatedBytes(id) - before;
    assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 100k no-op events");
    other.close();
    idle.close();
  }

  @Test
  void listenerConfigurationsAreSnapshots() {
    CacheEntryListenerConfiguration<String, String> c = config(new Recorder(), null, false, true);
    dispatcher.register(c);
    Iterable<CacheEntryListenerConfiguration<String, String>> snapshot =
        dispatcher.configurations();
    dispatcher.deregister(c);
    assertEquals(List.of(c), collect(snapshot));
    assertThrows(UnsupportedOperationException.class, () -> dispatcher.configurations().add(c));
  }
}
