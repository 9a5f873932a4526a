package dev.nearcache.bench;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The data every peer holds: {@code keyCount} keys ({@code key:000042}) with values of {@code
 * valueSize} ASCII characters (one byte each once encoded), and the key sequences the workloads
 * replay. Everything is derived from fixed seeds, so every peer and every fork sees the same keys,
 * values and access pattern.
 */
public final class Dataset {
  /** Distinct values in rotation (all of the same size). */
  public static final int VALUE_VARIANTS = 8;

  /** YCSB's default skew. */
  public static final double ZIPF_THETA = 0.99;

  private final String[] keys;
  private final String[] values;

  /** Zipf rank -> key index: spreads the popular keys over the key space (and Redis slots). */
  private final int[] rankToKey;

  private final Zipf zipf;
  private final int hotKeys;

  public Dataset(int keyCount, int valueSize, int hotKeys) {
    if (keyCount < 200 || hotKeys < 1 || hotKeys > keyCount) {
      throw new IllegalArgumentException("keys=" + keyCount + " hotKeys=" + hotKeys);
    }
    this.hotKeys = hotKeys;
    this.keys = new String[keyCount];
    for (int i = 0; i < keyCount; i++) {
      keys[i] = String.format("key:%06d", i);
    }
    SplittableRandom random = new SplittableRandom(42);
    this.values = new String[VALUE_VARIANTS];
    for (int v = 0; v < VALUE_VARIANTS; v++) {
      char[] chars = new char[valueSize];
      for (int i = 0; i < valueSize; i++) {
        chars[i] = (char) ('a' + random.nextInt(26));
      }
      values[v] = new String(chars);
    }
    this.rankToKey = new int[keyCount];
    for (int i = 0; i < keyCount; i++) {
      rankToKey[i] = i;
    }
    for (int i = keyCount - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = rankToKey[i];
      rankToKey[i] = rankToKey[j];
      rankToKey[j] = t;
    }
    this.zipf = new Zipf(keyCount, ZIPF_THETA);
  }

  public int keyCount() {
    return keys.length;
  }

  public int hotKeys() {
    return hotKeys;
  }

  public String key(int index) {
    return keys[index];
  }

  public String[] keys() {
    return keys;
  }

  public String value(int variant) {
    return values[Math.floorMod(variant, VALUE_VARIANTS)];
  }

  /** The value the harness loads for key {@code index}. */
  public String initialValue(int index) {
    return value(index);
  }

  /** Key indexes drawn from the Zipfian distribution (the hottest keys are scattered). */
  public int[] zipfianSequence(int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      out[i] = rankToKey[zipf.next(random.nextDouble())];
    }
    return out;
  }

  /** Key indexes drawn uniformly from the whole key set. */
  public int[] uniformSequence(int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      out[i] = random.nextInt(keys.length);
    }
    return out;
  }

  /** Key indexes drawn uniformly from the hot keys (the first {@code hotKeys} Zipf ranks). */
  public int[] hotSequence(int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] out = new int[length];
    for (int i = 0; i < length; i++) {
      out[i] = rankToKey[random.nextInt(hotKeys)];
    }
    return out;
  }

  /** The hot keys' indexes. */
  public int[] allKeyIndexes() {
    int[] out = new int[keyCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = i;
    }
    return out;
  }

  public int[] hotKeyIndexes() {
    int[] out = new int[hotKeys];
    for (int i = 0; i < hotKeys; i++) {
      out[i] = rankToKey[i];
    }
    return out;
  }

  /** True with probability {@code ratio}, as a replayable sequence. */
  public boolean[] bernoulliSequence(int length, double ratio, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    boolean[] out = new boolean[length];
    for (int i = 0; i < length; i++) {
      out[i] = random.nextDouble() < ratio;
    }
    return out;
  }

  /** {@code count} batches of {@code size} distinct keys, Zipfian or uniform, with values. */
  public KeyBatch[] batches(int count, int size, boolean zipfian, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    KeyBatch[] out = new KeyBatch[count];
    for (int b = 0; b < count; b++) {
      Set<Integer> chosen = new HashSet<>();
      String[] k = new String[size];
      String[] v = new String[size];
      int n = 0;
      while (n < size) {
        int index =
            zipfian ? rankToKey[zipf.next(random.nextDouble())] : random.nextInt(keys.length);
        if (chosen.add(index)) {
          k[n] = keys[index];
          v[n] = value(random.nextInt(VALUE_VARIANTS));
          n++;
        }
      }
      out[b] = new KeyBatch(k, v);
    }
    return out;
  }

  /**
   * The Zipfian generator of YCSB (Gray et al., "Quickly generating billion-record synthetic
   * databases"): rank 0 is the most popular; P(rank r) is proportional to 1/(r+1)^theta.
   */
  static final class Zipf {
    private final int n;
    private final double theta;
    private final double alpha;
    private final double zetan;
    private final double eta;

    Zipf(int n, double theta) {
      this.n = n;
      this.theta = theta;
      this.alpha = 1.0 / (1.0 - theta);
      this.zetan = zeta(n, theta);
      double zeta2 = zeta(2, theta);
      this.eta = (1 - Math.pow(2.0 / n, 1 - theta)) / (1 - zeta2 / zetan);
    }

    static double zeta(int n, double theta) {
      double sum = 0;
      for (int i = 1; i <= n; i++) {
        sum += 1 / Math.pow(i, theta);
      }
      return sum;
    }

    int next(double u) {
      double uz = u * zetan;
      if (uz < 1.0) {
        return 0;
      }
      if (uz < 1.0 + Math.pow(0.5, theta)) {
        return 1;
      }
      int rank = (int) (n * Math.pow(eta * u - eta + 1, alpha));
      return Math.min(Math.max(rank, 0), n - 1);
    }
  }
}
