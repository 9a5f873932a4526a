package dev.nearcache.testing;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * JUnit 5 extension: one real {@link RedisServer} per test class, started before the class's first
 * test and stopped after its last. {@code @Nested} classes share their outer class's server.
 *
 * <p>The server is injected into test-method, lifecycle-method and constructor parameters of type
 * {@link RedisServer}, and into non-final fields (static or instance) of that type that are still
 * {@code null}. Extra arguments come from {@link RedisServerArgs} on the class, or from the
 * constructor when registered programmatically:
 *
 * <pre>{@code
 * @ExtendWith(RedisServerExtension.class)
 * class SomeTest {
 *   static RedisServer redis;                           // injected before @BeforeAll runs
 *   @Test void works(RedisServer server) { ... }        // or as a parameter
 * }
 *
 * class GuardedTest {
 *   @RegisterExtension
 *   static final RedisServerExtension REDIS = new RedisServerExtension("--requirepass", "x");
 *   @Test void works() { REDIS.server().client().ping(); }
 * }
 * }</pre>
 */
public final class RedisServerExtension
    implements BeforeAllCallback, AfterAllCallback, TestInstancePostProcessor, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisServerExtension.class);
  private static final String KEY = "server";
  private static final String OWNER_KEY = "owner";

  private final List<String> args;
  private volatile RedisServer lastServer;

  /** For {@code @ExtendWith}: arguments from {@link RedisServerArgs}, if any. */
  public RedisServerExtension() {
    this.args = List.of();
  }

  /** For {@code @RegisterExtension}: these extra arguments (plus any {@link RedisServerArgs}). */
  public RedisServerExtension(String... extraArgs) {
    this.args = List.of(extraArgs);
  }

  /** The server of the class this extension was registered on (after it started). */
  public RedisServer server() {
    RedisServer s = lastServer;
    if (s == null) {
      throw new IllegalStateException(
          "the redis server has not been started yet (it starts before @BeforeAll)");
    }
    return s;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    RedisServer server = store.get(KEY, RedisServer.class); // also finds an outer class's server
    if (server == null) {
      server = RedisServer.start(argsFor(context.getRequiredTestClass()));
      store.put(KEY, server);
      store.put(OWNER_KEY, context.getUniqueId());
    }
    lastServer = server;
    injectFields(context.getRequiredTestClass(), null, server);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    if (context.getUniqueId().equals(store.get(OWNER_KEY, String.class))) {
      RedisServer server = store.remove(KEY, RedisServer.class);
      store.remove(OWNER_KEY);
      if (server != null) {
        server.close();
      }
    }
  }

  @Override
  public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
    RedisServer server = context.getStore(NAMESPACE).get(KEY, RedisServer.class);
    if (server != null) {
      injectFields(testInstance.getClass(), testInstance, server);
    }
  }

  @Override
  public boolean supportsParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == RedisServer.class;
  }

  @Override
  public Object resolveParameter(
      ParameterContext parameterContext, ExtensionContext extensionContext) {
    RedisServer server = extensionContext.getStore(NAMESPACE).get(KEY, RedisServer.class);
    if (server == null) {
      throw new ParameterResolutionException(
          "no redis server: RedisServerExtension starts one per test class,"
              + " so register it on the class (not on a method)");
    }
    return server;
  }

  private String[] argsFor(Class<?> testClass) {
    List<String> all = new ArrayList<>(args);
    for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
      RedisServerArgs annotation = c.getAnnotation(RedisServerArgs.class);
      if (annotation != null) {
        all.addAll(Arrays.asList(annotation.value()));
        break;
      }
    }
    return all.toArray(new String[0]);
  }

  private static void injectFields(Class<?> type, Object instance, RedisServer server) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int mods = field.getModifiers();
        if (field.getType() != RedisServer.class
            || Modifier.isFinal(mods)
            || Modifier.isStatic(mods) != (instance == null)) {
          continue;
        }
        try {
          field.setAccessible(true);
          if (field.get(instance) == null) {
            field.set(instance, server);
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new IllegalStateException("cannot inject the redis server into " + field, e);
        }
      }
    }
  }
}
