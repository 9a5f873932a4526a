package dev.nearcache.jcache.internal.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How bulk calls' keys are grouped by segment and packed into script calls. */
class BulkGroupsTest {

  @Test
  void oneServerPacksEverySegmentIntoOneCall() {
    BulkGroups plan = new BulkGroups(new int[] {2, 0, 2, 1, 0}, 4, 256, true);
    assertArrayEquals(new int[] {1, 4, 3, 0, 2}, plan.order, "stable, by segment");
    assertEquals(3, plan.groups.size());
    assertArrayEquals(new int[] {0, 0, 2}, plan.groups.get(0));
    assertArrayEquals(new int[] {1, 2, 3}, plan.groups.get(1));
    assertArrayEquals(new int[] {2, 3, 5}, plan.groups.get(2));
    assertEquals(1, plan.calls.size());
    assertEquals(3, plan.groupsOf(0).size());
  }

  @Test
  void aClusterSendsOneCallPerSegment() {
    BulkGroups plan = new BulkGroups(new int[] {2, 0, 2, 1, 0}, 4, 256, false);
    assertEquals(3, plan.calls.size());
    for (int c = 0; c < 3; c++) {
      assertEquals(List.of(plan.groups.get(c)), plan.groupsOf(c));
    }
  }

  @Test
  void callsAndGroupsHoldAtMostOneSliceAndNeverTwoGroupsOfOneSegment() {
    int[] segments = new int[10];
    java.util.Arrays.fill(segments, 0, 7, 0); // segment 0: 7 keys, slices of 3: 3 + 3 + 1
    java.util.Arrays.fill(segments, 7, 10, 1); // segment 1: 3 keys
    BulkGroups plan = new BulkGroups(segments, 2, 3, true);
    assertEquals(4, plan.groups.size());
    assertEquals(4, plan.calls.size(), "3 | 3 | 1 (1 + 3 > 3) | 3");
    plan = new BulkGroups(new int[] {0, 1, 1, 0}, 2, 3, true);
    assertEquals(2, plan.calls.size(), "2 + 2 keys exceed a slice of 3");
  }
}
