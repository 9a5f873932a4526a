package dev.nearcache.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedisClusterTest {

  @Test
  void formsAClusterOfThreeMastersThatRoutesKeysByTheirSlot() {
    List<Long> pids = new ArrayList<>();
    List<Path> nodeFiles = new ArrayList<>();
    try (RedisCluster cluster = RedisCluster.start()) {
      assertEquals(RedisCluster.NODES, cluster.uris().size());
      Set<Integer> ports = new HashSet<>();
      for (RedisServer node : cluster.nodes()) {
        ports.add(node.port());
        pids.add(node.pid());
        assertEquals("redis://127.0.0.1:" + node.port(), node.uri());
        try (RespClient client = node.client()) {
          String info = client.command("CLUSTER", "INFO");
          assertTrue(info.contains("cluster_state:ok"), info);
          assertTrue(info.contains("cluster_known_nodes:3"), info);
          assertTrue(info.contains("cluster_slots_assigned:16384"), info);
          nodeFiles.add(Path.of(configGet(client, "cluster-config-file")));
        }
      }
      assertEquals(RedisCluster.NODES, ports.size(), "three distinct ports");
      nodeFiles.forEach(f -> assertTrue(Files.exists(f), f + " missing"));

      // Keys land on the node owning their slot; the others redirect.
      for (String key : List.of("alpha", "beta", "gamma", "delta", "{user1}x")) {
        int slot = cluster.slotOf(key);
        int owner = RedisCluster.ownerOfSlot(slot);
        try (RespClient client = cluster.node(owner).client()) {
          assertEquals("OK", client.call("SET", key, "v-" + key));
          assertEquals("v-" + key, client.call("GET", key));
        }
        int other = (owner + 1) % RedisCluster.NODES;
        try (RespClient client = cluster.node(other).client()) {
          RespClient.RedisErrorException moved =
              assertThrows(RespClient.RedisErrorException.class, () -> client.call("GET", key));
          assertEquals("MOVED", moved.code());
          assertTrue(
              moved.getMessage().endsWith("127.0.0.1:" + cluster.node(owner).port()),
              moved.getMessage());
        }
      }
    }
    for (long pid : pids) {
      assertFalse(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "process " + pid + " still alive");
    }
    nodeFiles.forEach(
        f -> assertFalse(Files.exists(f.getParent()), f.getParent() + " not deleted"));
  }

  @Test
  void slotRangesCoverEverySlotOnce() {
    assertEquals(0, RedisCluster.ownerOfSlot(0));
    assertEquals(0, RedisCluster.ownerOfSlot(5460));
    assertEquals(1, RedisCluster.ownerOfSlot(5461));
    assertEquals(1, RedisCluster.ownerOfSlot(10922));
    assertEquals(2, RedisCluster.ownerOfSlot(10923));
    assertEquals(2, RedisCluster.ownerOfSlot(16383));
    assertThrows(IllegalArgumentException.class, () -> RedisCluster.ownerOfSlot(16384));
  }

  private static String configGet(RespClient client, String name) {
    List<Object> reply = RespClient.asList(client.call("CONFIG", "GET", name));
    return (String) reply.get(1);
  }
}
