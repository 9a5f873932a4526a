package dev.nearcache.jcache.internal.config;

import static dev.nearcache.jcache.config.ConfigFixtures.loadProperties;
import static dev.nearcache.jcache.config.ConfigFixtures.loadYaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.jcache.config.ConfigFixtures;
import dev.nearcache.jcache.config.ProviderSettings;
import dev.nearcache.jcache.config.TlsFixtures;
import dev.nearcache.jcache.internal.config.Setting.Kind;
import dev.nearcache.jcache.internal.config.SettingsTable.PerCache;
import dev.nearcache.jcache.internal.config.SettingsTree.Section;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table is whole and consistent, and the bound settings write back every setting it lists. */
class SettingsTableTest {
  private static final Set<Kind> BOUNDED = Set.of(Kind.INTEGER, Kind.LONG, Kind.SIZE);

  @TempDir Path dir;

  private static List<Setting<?, ?>> all() {
    List<Setting<?, ?>> all = new ArrayList<>();
    SettingsTable.GROUPS.forEach(group -> all.addAll(group.settings()));
    return all;
  }

  @Test
  void everySettingIsDocumentedOnOneTableLine() {
    for (Setting<?, ?> setting : all()) {
      String doc = setting.documentation();
      assertFalse(doc.isBlank(), setting.path() + " has no documentation");
      assertFalse(doc.contains("|") || doc.contains("\n"), setting.path() + ": " + doc);
      assertTrue(
          !setting.doc().contains("{min}") || setting.min() != null,
          setting.path() + ": {min} without one");
      assertTrue(
          !setting.doc().contains("{max}") || setting.max() != null,
          setting.path() + ": {max} without one");
    }
  }

  @Test
  void numbersAndDurationsHaveBoundsTheirDefaultsKeep() {
    for (Setting<?, ?> setting : all()) {
      if (BOUNDED.contains(setting.kind()) || setting.kind() == Kind.DURATION) {
        assertNotNull(setting.min(), setting.path() + " needs a lower bound");
      }
      if (BOUNDED.contains(setting.kind())) {
        assertNotNull(setting.max(), setting.path() + " needs an upper bound");
      }
      if (setting.defaultValue() != null && setting.min() != null) {
        assertTrue(
            compare(setting.min(), setting.defaultValue()) <= 0,
            setting.path() + ": default below min");
      }
      if (setting.defaultValue() != null && setting.max() != null) {
        assertTrue(
            compare(setting.defaultValue(), setting.max()) <= 0,
            setting.path() + ": default above max");
      }
      if (setting.kind() == Kind.CHOICE) {
        assertTrue(
            setting.choices().containsValue(setting.defaultValue()),
            setting.path() + ": default not a choice");
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }

  @Test
  void eachSectionHoldsEachKeyOnceAndNoKeyIsBothASettingAndASection() {
    for (SettingGroup<?> group : SettingsTable.GROUPS) {
      Set<String> paths = new HashSet<>();
      for (Setting<?, ?> setting : group.settings()) {
        assertTrue(paths.add(setting.path()), "twice: " + setting.path());
      }
      for (String path : paths) {
        assertTrue(
            paths.stream().noneMatch(other -> other.startsWith(path + ".")),
            path + " is also a section");
      }
    }
    assertEquals(
        List.of("redis", "key-prefix", "codec", "defaults", "caches"), SettingsTable.ROOTS);
  }

  /**
   * Without a file every setting written back is the table's default (RedisSettings.DEFAULTS,
   * CacheSettings.DEFAULTS).
   */
  @Test
  void builtInSettingsAreTheTableDefaults() {
    Properties properties = loadProperties(null).properties();
    Set<String> checked = new TreeSet<>();
    for (SettingGroup<?> group : SettingsTable.GROUPS) {
      String mount = group.mounts().get(0);
      String prefix = mount.isEmpty() ? "" : mount + ".";
      for (Setting<?, ?> setting : group.settings()) {
        String written = properties.getProperty(prefix + setting.path());
        if (written != null) {
          assertEquals(setting.formattedDefault(), written, prefix + setting.path());
          checked.add(prefix + setting.path());
        }
      }
    }
    assertEquals(
        new TreeSet<>(properties.stringPropertyNames()), checked, "written, but not in the table");
  }

  /** Together these set every setting; each is written back and reads back to the same settings. */
  @Test
  void everySettingIsWrittenBackAndReadsBackTheSame() throws IOException {
    Path store = TlsFixtures.emptyTrustStore(dir, "pw");
    String caches =
        """
        defaults:
          segments: 8
          statistics: true
          management: true
          store-by-value: false
          expiry: {policy: accessed, duration: 90s}
          near-cache: {enabled: false, maximum-size: 5, maximum-local-lifetime: 1m, reconciliation-interval: 2s,
                       lease: 5s, propagate-values-up-to: 100}
        caches:
          orders:
            key-type: java.lang.String
            value-type: java.lang.Integer
            read-through: true
            write-through: true
            loader: dev.nearcache.jcache.config.ConfigFixtures$Loader
            writer: dev.nearcache.jcache.config.ConfigFixtures$Writer
            near-cache: {reconciliation-interval: 3s}
        """;
    List<String> files =
        List.of(
            """
        redis:
          mode: single
          address: rediss://h:6380
          database: 2
          username: u
          password: p
          client-name: c
          timeout: 2s
          connect-timeout: 4s
          connection-pool-size: 7
          connection-minimum-idle-size: 3
          subscription-connection-pool-size: 5
          threads: 6
          tls: {truststore: %s, truststore-password: pw, keystore: %s, keystore-password: pw, verify-hostname: false}
          wait-for-replicas: 2
          wait-timeout: 250ms
          max-entry-size: 64KiB
        key-prefix: "k:"
        codec: {name: kryo, allow: [com.example.**], register: [java.util.ArrayList]}
        """
                    .formatted(store.toUri(), store.toUri())
                + caches,
            """
        redis: {mode: sentinel, addresses: [redis://s1:26379, redis://s2:26379], master-name: m}
        """,
            """
        redis: {redisson-config: classpath:config/redisson-single.yaml, wait-for-replicas: 1, max-entry-size: 1000}
        """);
    Set<String> written = new TreeSet<>();
    for (String yaml : files) {
      ProviderSettings settings = loadYaml(dir, yaml);
      Properties effective = settings.properties();
      ProviderSettings again = loadProperties(effective);
      assertEquals(settings.redis(), again.redis(), yaml);
      assertEquals(settings.codec(), again.codec(), yaml);
      assertEquals(settings.defaults(), again.defaults(), yaml);
      assertEquals(settings.caches(), again.caches(), yaml);
      assertEquals(effective, again.properties(), yaml);
      written.addAll(effective.stringPropertyNames());
    }
    Set<String> missing = new TreeSet<>();
    for (SettingGroup<?> group : SettingsTable.GROUPS) {
      for (String mount : group.mounts()) {
        String prefix = mount.isEmpty() ? "" : mount.replace("<name>", "orders") + ".";
        group.settings().stream()
            .map(s -> prefix + s.path())
            .filter(p -> !written.contains(p))
            .forEach(missing::add);
      }
    }
    assertEquals(Set.of(), missing, "settings EffectiveProperties did not write");
  }

  @Test
  void aSettingIsReadOnlyFromItsOwnSection() {
    ConfigNode redis =
        new ConfigNode(
            "redis", new Section("test", 0), new Placeholders(ConfigFixtures.emptyEnv()));
    assertThrows(IllegalArgumentException.class, () -> redis.duration(PerCache.NEAR_LEASE));
    assertThrows(
        IllegalArgumentException.class, () -> redis.integer(SettingsTable.Redis.MAX_ENTRY_SIZE));
  }
}
