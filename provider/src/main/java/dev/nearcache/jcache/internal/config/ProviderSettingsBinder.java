package dev.nearcache.jcache.internal.config;

import static dev.nearcache.jcache.internal.config.SettingsTable.Codec.KEY_PREFIX;

import dev.nearcache.jcache.config.RedisSettings;
import dev.nearcache.jcache.internal.config.SettingsTable.Codec;
import dev.nearcache.jcache.internal.config.SettingsTable.PerCache;
import dev.nearcache.jcache.internal.config.SettingsTable.Redis;
import dev.nearcache.serialization.CodecSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds the whole settings tree into the parts of a {@code ProviderSettings} ({@link
 * BoundSettings}); its keys are those of {@link SettingsTable}.
 */
final class ProviderSettingsBinder {
  private static final Pattern CODEC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final String IDENTIFIER = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
  private static final Pattern CLASS_PATTERN =
      Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*(\\.\\*\\*?)?");

  /**
   * An array's name as the JVM ({@code [Lcom.example.Order;}) or Java prints it: its element is
   * what to allow.
   */
  private static final Pattern ARRAY_NAME = Pattern.compile("\\[+L([^;\\[]+);|([^\\[]+)(\\[])+");

  private ProviderSettingsBinder() {}

  static BoundSettings bind(String source, ConfigNode root, ClassLoader classLoader) {
    root.allowOnly(SettingsTable.ROOTS);
    RedisSettings redis =
        RedisSettingsBinder.bind(root.section("redis", Redis.GROUP.keysUnder("")), classLoader);
    if (root.keys().contains(KEY_PREFIX.key()) && root.text(KEY_PREFIX).isEmpty()) {
      throw root.invalid(KEY_PREFIX.key(), "", "a non-empty text without '{' or '}'");
    }
    String keyPrefix = root.text(KEY_PREFIX).orElse(KEY_PREFIX.defaultValue());
    if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
      throw root.invalid(
          KEY_PREFIX.key(),
          keyPrefix,
          "a non-empty text without '{' or '}' (they mark Redis hash tags)");
    }
    CodecSettings codec =
        codec(root.sectionOrEmpty("codec", Codec.GROUP.keysUnder("codec")), classLoader);
    ConfigNode defaultsNode = root.sectionOrEmpty("defaults", PerCache.EVERY_CACHE.keysUnder(""));
    CacheSettings defaults = CacheSettingsBinder.bindCommon(defaultsNode, CacheSettings.DEFAULTS);
    Map<String, CacheDefinition> caches = new LinkedHashMap<>();
    ConfigNode cachesNode = root.sectionOrEmpty("caches", null);
    for (String name : cachesNode.keys()) {
      if (name.isBlank()) {
        throw cachesNode.invalid(name, name, "a non-empty cache name");
      }
      ConfigNode cacheNode = cachesNode.sectionOrEmpty(name, SettingsTable.CACHE_KEYS);
      caches.put(name, CacheSettingsBinder.bindCache(name, cacheNode, defaults, classLoader));
    }
    return new BoundSettings(source, redis, keyPrefix, codec, defaults, caches, classLoader);
  }

  private static CodecSettings codec(ConfigNode node, ClassLoader classLoader) {
    String name = node.text(Codec.NAME).orElse(Codec.NAME.defaultValue());
    if (!CODEC_NAME.matcher(name).matches()) {
      throw node.invalid(
          Codec.NAME.key(),
          name,
          "a codec name such as "
              + Codec.NAME.defaultValue()
              + " (letters, digits, '.', '_', '-')");
    }
    List<String> allow = node.list(Codec.ALLOW).orElse(List.of());
    for (String pattern : allow) {
      if (!CLASS_PATTERN.matcher(pattern).matches()) {
        Matcher array = ARRAY_NAME.matcher(pattern);
        String element =
            array.matches() ? Objects.requireNonNullElse(array.group(1), array.group(2)) : null;
        throw node.invalid(
            Codec.ALLOW.key(),
            pattern,
            "class-name patterns: com.example.Order (one class),"
                + " com.example.* (a package) or com.example.** (a package and its sub-packages)"
                + (element == null
                    ? ""
                    : "; arrays of allowed classes are allowed: write " + element));
      }
    }
    List<String> register = new ArrayList<>();
    for (String className : node.list(Codec.REGISTER).orElse(List.of())) {
      CacheSettingsBinder.type(node, Codec.REGISTER.key(), className, classLoader);
      register.add(className);
    }
    return new CodecSettings(name, allow, register, classLoader);
  }
}
