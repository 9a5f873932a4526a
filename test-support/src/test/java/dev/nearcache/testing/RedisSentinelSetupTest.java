package dev.nearcache.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSentinelSetupTest {

  @Test
  void sentinelsPromoteTheReplicaWhenTheMasterIsKilledAndEverythingIsStoppedOnClose()
      throws Exception {
    List<Long> pids = new ArrayList<>();
    try (RedisSentinelSetup redis = RedisSentinelSetup.start()) {
      assertEquals(RedisSentinelSetup.SENTINELS, redis.sentinelUris().size());
      RedisServer master = redis.master();
      RedisServer replica = redis.replica();
      redis.servers().forEach(s -> pids.add(s.pid()));
      try (RespClient client = master.client()) {
        client.call("SET", "k", "v");
        client.call("WAIT", "1", "2000");
      }
      RedisServer old = redis.killMaster();
      assertEquals(master, old);
      RedisServer promoted = redis.awaitFailover(old, Duration.ofSeconds(30));
      assertEquals(replica, promoted);
      try (RespClient client = promoted.client()) {
        assertEquals("v", client.call("GET", "k"));
        assertEquals("OK", client.call("SET", "k", "w"));
      }
    }
    for (long pid : pids) {
      assertFalse(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "process " + pid + " still runs");
    }
  }

  @Test
  void aPausedMasterComesBackAsAReplicaOfThePromotedOne() {
    try (RedisSentinelSetup redis = RedisSentinelSetup.start()) {
      RedisServer old = redis.pauseMaster();
      RedisServer promoted = redis.awaitFailover(old, Duration.ofSeconds(30));
      assertNotEquals(old, promoted);
      redis.resume(old);
      redis.awaitReplicaOf(old, promoted, Duration.ofSeconds(30));
    }
  }

  @Test
  void writesHeldInTheReplicationRelayAreLostByTheFailover() {
    try (RedisSentinelSetup redis = RedisSentinelSetup.start();
        TcpRelay relay = TcpRelay.to(redis.master())) {
      redis.replicateThrough(relay);
      try (RespClient client = redis.master().client()) {
        client.call("SET", "kept", "1");
        client.call("WAIT", "1", "2000");
        relay.stall();
        client.call("SET", "lost", "1");
      }
      RedisServer old = redis.killMaster();
      RedisServer promoted = redis.awaitFailover(old, Duration.ofSeconds(30));
      try (RespClient client = promoted.client()) {
        assertEquals("1", client.call("GET", "kept"));
        assertNull(client.call("GET", "lost"));
      }
    }
  }
}
