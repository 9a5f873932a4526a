package dev.nearcache.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks account ids with Zipf-distributed popularity (exponent 1): the most popular account is read
 * about twice as often as the second, ten times as often as the tenth. Popularity ranks are
 * shuffled over the ids, so hot accounts are spread over the table.
 */
final class Zipf {
  private final double[] cumulative;
  private final String[] idsByRank;

  Zipf(int accounts, long seed) {
    cumulative = new double[accounts];
    double sum = 0;
    for (int rank = 0; rank < accounts; rank++) {
      sum += 1.0 / (rank + 1);
      cumulative[rank] = sum;
    }
    for (int rank = 0; rank < accounts; rank++) {
      cumulative[rank] /= sum;
    }
    List<String> ids = new ArrayList<>(accounts);
    for (int n = 1; n <= accounts; n++) {
      ids.add(AccountDatabase.accountId(n));
    }
    Collections.shuffle(ids, new Random(seed));
    idsByRank = ids.toArray(new String[0]);
  }

  String next() {
    return next(ThreadLocalRandom.current());
  }

  String next(Random random) {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    int rank = i >= 0 ? i : Math.min(-i - 1, cumulative.length - 1);
    return idsByRank[rank];
  }

  /** The share of reads that go to the {@code top} most popular accounts. */
  double shareOfTop(int top) {
    return cumulative[Math.min(top, cumulative.length) - 1];
  }
}
