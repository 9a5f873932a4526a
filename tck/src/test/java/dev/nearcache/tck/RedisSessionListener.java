package dev.nearcache.tck;

import dev.nearcache.testing.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts one real redis-server for the whole JUnit Platform launcher session (the whole TCK run in
 * surefire's fork) and points the provider's default configuration at it: it writes a YAML file and
 * sets system property {@value #CONFIG_PROPERTY} to its path before any test class is loaded.
 * Registered in {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 *
 * <p>System properties it reads: {@value #CONFIG_FILE_PROPERTY} (where to write the YAML; surefire
 * sets it to {@code target/nearcache-tck.yaml}) and {@value #EXTERNAL_URI_PROPERTY} (use that Redis
 * instead of starting one). It publishes the URI in {@value #URI_PROPERTY}.
 */
public final class RedisSessionListener implements LauncherSessionListener {

  public static final String CONFIG_PROPERTY = "nearcache.config";
  public static final String CONFIG_FILE_PROPERTY = "nearcache.tck.configFile";
  public static final String EXTERNAL_URI_PROPERTY = "nearcache.tck.redisUri";
  public static final String URI_PROPERTY = "nearcache.tck.redis.uri";

  private static final Object LOCK = new Object();
  private static int sessions;
  private static RedisServer redis;

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    synchronized (LOCK) {
      if (sessions++ > 0) {
        return; // surefire >= 3.5.4 opens one session per fork; older ones may open more
      }
      String uri = System.getProperty(EXTERNAL_URI_PROPERTY);
      if (uri == null || uri.isBlank()) {
        redis = RedisServer.start();
        uri = redis.uri();
      }
      Path config =
          Paths.get(System.getProperty(CONFIG_FILE_PROPERTY, "target/nearcache-tck.yaml"))
              .toAbsolutePath();
      writeConfig(config, uri);
      System.setProperty(CONFIG_PROPERTY, config.toString());
      System.setProperty(URI_PROPERTY, uri);
      System.out.println(
          "[nearcache-tck] redis "
              + uri
              + (redis != null ? " (" + redis.binary() + ")" : " (external)")
              + ", "
              + CONFIG_PROPERTY
              + "="
              + config
              + ", near cache "
              + (nearCacheOn() ? "on" : "off"));
    }
  }

  @Override
  public void launcherSessionClosed(LauncherSession session) {
    synchronized (LOCK) {
      if (--sessions > 0) {
        return;
      }
      if (redis != null) {
        redis.close();
        redis = null;
      }
    }
  }

  /** Set to false by the tck module's second surefire run: the whole TCK again, near tier off. */
  static final String NEAR_CACHE_PROPERTY = "nearcache.tck.nearCache";

  static boolean nearCacheOn() {
    return !"false".equalsIgnoreCase(System.getProperty(NEAR_CACHE_PROPERTY, "true"));
  }

  /** The YAML the provider reads for its default URI. */
  static String configYaml(String redisUri) {
    return "redis:\n"
        + "  address: "
        + redisUri
        + "\n"
        + "codec:\n"
        + "  allow: [\"domain.**\", \"manager.**\", \"org.jsr107.**\", \"javax.cache.**\"]\n"
        + "defaults:\n"
        + "  near-cache:\n"
        + "    enabled: "
        + nearCacheOn()
        + "\n";
  }

  private static void writeConfig(Path file, String uri) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, configYaml(uri), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
