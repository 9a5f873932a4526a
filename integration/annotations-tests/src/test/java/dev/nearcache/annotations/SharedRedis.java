package dev.nearcache.annotations;

import dev.nearcache.testing.RedisServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real redis-server for the whole test run (the root context's store closes it at the end),
 * published as system property {@value #PROPERTY}, which the test class path's {@code
 * nearcache.yaml} (the document's configuration) reads as {@code redis.address}. One server, not
 * one per class: the provider's default manager keeps the address it first read.
 */
public final class SharedRedis implements BeforeAllCallback {
  public static final String PROPERTY = "REDIS_ADDRESS";

  @Override
  public void beforeAll(ExtensionContext context) {
    RedisServer server =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(
                SharedRedis.class.getName(), key -> RedisServer.start(), RedisServer.class);
    System.setProperty(PROPERTY, server.uri());
  }
}
