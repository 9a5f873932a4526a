package dev.nearcache.bench;

import java.util.Map;

/** One node (one JVM's client) of a peer: the operations the workloads use. */
public interface Node extends AutoCloseable {

  /** A node that only needs closing (for {@link CacheBenchmarks#closeNodes}). */
  interface Closer extends Node {
    @Override
    default String get(String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    default void put(String key, String value) {
      throw new UnsupportedOperationException();
    }

    @Override
    default Map<String, String> getAll(KeyBatch batch) {
      throw new UnsupportedOperationException();
    }

    @Override
    default void putAll(KeyBatch batch) {
      throw new UnsupportedOperationException();
    }
  }

  String get(String key);

  /** An unconditional write that does not return the previous value. */
  void put(String key, String value);

  Map<String, String> getAll(KeyBatch batch);

  void putAll(KeyBatch batch);

  @Override
  void close();
}
