package dev.nearcache.demo;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Background readers: {@code threadsPerInstance} threads per service instance, each reading
 * Zipf-chosen balances in bursts of {@code burst} reads with {@code pauseMicros} between bursts (0:
 * flat out), until {@link #close()}.
 */
final class Traffic implements AutoCloseable {
  private final ExecutorService threads;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean stopped;

  Traffic(
      List<ServiceInstance> instances,
      int threadsPerInstance,
      Zipf zipf,
      int burst,
      long pauseMicros) {
    AtomicInteger counter = new AtomicInteger();
    threads =
        Executors.newFixedThreadPool(
            instances.size() * threadsPerInstance,
            task -> {
              Thread t = new Thread(task, "reader-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    for (ServiceInstance instance : instances) {
      for (int i = 0; i < threadsPerInstance; i++) {
        threads.execute(() -> read(instance, zipf, burst, pauseMicros));
      }
    }
  }

  private void read(ServiceInstance instance, Zipf zipf, int burst, long pauseMicros) {
    try {
      while (!stopped) {
        for (int i = 0; i < burst; i++) {
          if (instance.balance(zipf.next()) == null) {
            throw new IllegalStateException(
                instance.name + " found no balance for an existing account");
          }
        }
        if (pauseMicros > 0) {
          LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(pauseMicros));
        }
      }
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
      stopped = true;
    }
  }

  boolean failed() {
    return failure.get() != null;
  }

  /** Stops the readers and waits for them; rethrows the first reader's failure. */
  @Override
  public void close() {
    stopped = true;
    threads.shutdown();
    try {
      if (!threads.awaitTermination(10, TimeUnit.SECONDS)) {
        threads.shutdownNow();
        throw new IllegalStateException("background readers did not stop");
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the background readers", e);
    }
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("a background reader failed: " + t, t);
    }
  }
}
