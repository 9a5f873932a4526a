package dev.nearcache.jcache.internal.redis;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.testing.RedisServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RTopic;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Change messages reach the near tier on the I/O thread that read them, without a hand-off to a
 * second thread (the invalidation delay's tail on a loaded machine). This depends on Redisson's
 * internals (how its pub/sub decoder names its tasks): if an upgrade changes them, this test says
 * so, and messages go through Redisson's pool again until {@link PubSubInlineExecutor} is adapted.
 */
class PubSubInlineExecutorTest {
  private static RedisServer server;
  private static RedisConnection connection;

  @BeforeAll
  static void start() {
    server = RedisServer.start();
    Config config = new Config();
    config.useSingleServer().setAddress(server.uri());
    connection = new RedisConnection(config, "inline-test:");
  }

  @AfterAll
  static void stop() {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void messagesAreHandledOnTheThreadThatReadThem() throws Exception {
    RTopic topic = connection.client().getTopic("inline-test", StringCodec.INSTANCE);
    CompletableFuture<String> thread = new CompletableFuture<>();
    topic.addListener(
        String.class, (channel, message) -> thread.complete(Thread.currentThread().getName()));
    topic.publish("hello");
    String name = thread.get(10, TimeUnit.SECONDS);
    assertTrue(
        name.startsWith("redisson-netty"), "handled on " + name + ", not on Redisson's I/O thread");
  }

  @Test
  void otherTasksStillRunOnThePool() throws Exception {
    CompletableFuture<String> thread = new CompletableFuture<>();
    connection
        .client()
        .getBucket("inline-test:k", StringCodec.INSTANCE)
        .getAsync()
        .thenAcceptAsync(
            v -> thread.complete(Thread.currentThread().getName()),
            connection.client().getConfig().getExecutor());
    String name = thread.get(10, TimeUnit.SECONDS);
    assertTrue(name.startsWith("nearcache-redisson-"), "ran on " + name);
  }
}
