package dev.nearcache.jcache.internal.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * How a bulk call's keys travel: grouped by segment (a group is a run of {@link #order}, at most
 * {@code slice} keys) and the groups packed into script calls. On one server a call takes groups of
 * several segments up to {@code slice} keys in all; in a cluster a script may touch one slot only,
 * so each group is a call of its own.
 */
final class BulkGroups {
  /** Key positions sorted by segment (stable). */
  final int[] order;

  /** Each group: {segment, from, to} over {@link #order}. */
  final List<int[]> groups = new ArrayList<>();

  /** Each call: {first group, end group}. */
  final List<int[]> calls = new ArrayList<>();

  BulkGroups(int[] segmentOf, int segments, int slice, boolean oneServer) {
    int n = segmentOf.length;
    int[] starts = new int[segments + 1];
    for (int s : segmentOf) {
      starts[s + 1]++;
    }
    for (int s = 0; s < segments; s++) {
      starts[s + 1] += starts[s];
    }
    order = new int[n];
    int[] next = java.util.Arrays.copyOf(starts, segments);
    for (int i = 0; i < n; i++) {
      order[next[segmentOf[i]]++] = i;
    }
    for (int s = 0; s < segments; s++) {
      for (int from = starts[s]; from < starts[s + 1]; from += slice) {
        groups.add(new int[] {s, from, Math.min(starts[s + 1], from + slice)});
      }
    }
    // A full slice fills a call by itself, so two groups of one segment never share a call.
    for (int g = 0; g < groups.size(); ) {
      int end = g + 1;
      int size = size(g);
      while (oneServer && end < groups.size() && size + size(end) <= slice) {
        size += size(end);
        end++;
      }
      calls.add(new int[] {g, end});
      g = end;
    }
  }

  int size(int group) {
    return groups.get(group)[2] - groups.get(group)[1];
  }

  List<int[]> groupsOf(int call) {
    return groups.subList(calls.get(call)[0], calls.get(call)[1]);
  }
}
