package dev.nearcache.jcache.coherence;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;

/**
 * One thread's record of acknowledged writes or of reads: (key, counter, wall-clock micros), kept
 * in growable primitive columns. For a write the time is its acknowledgment; for a read it is the
 * read's start and the counter is {@link #NULL} when the read returned nothing. Written by its
 * thread only; read by others after that thread ended (join gives the happens-before).
 */
final class EventBuffer {
  static final long NULL = -1;

  final int node;
  final boolean writes;
  private int size;
  private int[] keys;
  private long[] counters;
  private long[] micros;

  EventBuffer(int node, boolean writes) {
    this(node, writes, 1024);
  }

  private EventBuffer(int node, boolean writes, int capacity) {
    this.node = node;
    this.writes = writes;
    this.keys = new int[Math.max(16, capacity)];
    this.counters = new long[keys.length];
    this.micros = new long[keys.length];
  }

  /** Wall-clock time in microseconds since the epoch (shared by every process on the machine). */
  static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  void add(int key, long counter, long timeMicros) {
    if (size == keys.length) {
      int n = size * 2;
      keys = Arrays.copyOf(keys, n);
      counters = Arrays.copyOf(counters, n);
      micros = Arrays.copyOf(micros, n);
    }
    keys[size] = key;
    counters[size] = counter;
    micros[size] = timeMicros;
    size++;
  }

  int size() {
    return size;
  }

  int key(int i) {
    return keys[i];
  }

  long counter(int i) {
    return counters[i];
  }

  long micros(int i) {
    return micros[i];
  }

  void writeTo(DataOutputStream out) throws IOException {
    out.writeInt(node);
    out.writeBoolean(writes);
    out.writeInt(size);
    for (int i = 0; i < size; i++) {
      out.writeInt(keys[i]);
      out.writeLong(counters[i]);
      out.writeLong(micros[i]);
    }
  }

  static EventBuffer readFrom(DataInputStream in) throws IOException {
    int node = in.readInt();
    boolean writes = in.readBoolean();
    int size = in.readInt();
    EventBuffer b = new EventBuffer(node, writes, size);
    for (int i = 0; i < size; i++) {
      b.add(in.readInt(), in.readLong(), in.readLong());
    }
    return b;
  }
}
