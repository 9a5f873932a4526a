package dev.nearcache.jcache.config;

import dev.nearcache.serialization.CodecSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Binds the whole settings tree into {@link ProviderSettings}. */
final class ProviderSettingsBinder {
  static final List<String> ROOTS = List.of("redis", "key-prefix", "codec", "defaults", "caches");
  static final List<String> CODEC_KEYS = List.of("name", "allow", "register");
  static final String DEFAULT_KEY_PREFIX = "nc:";

  private static final Pattern CODEC_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final String IDENTIFIER = "[\\p{L}_$][\\p{L}\\p{N}_$]*";
  private static final Pattern CLASS_PATTERN =
      Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")*(\\.\\*\\*?)?");

  private ProviderSettingsBinder() {}

  static ProviderSettings bind(String source, ConfigNode root, ClassLoader classLoader) {
    root.allowOnly(ROOTS);
    RedisSettings redis = RedisSettingsBinder.bind(root.section("redis", RedisSettingsBinder.KEYS), classLoader);
    if (root.keys().contains("key-prefix") && root.text("key-prefix").isEmpty()) {
      throw root.invalid("key-prefix", "", "a non-empty text without '{' or '}'");
    }
    String keyPrefix = root.text("key-prefix").orElse(DEFAULT_KEY_PREFIX);
    if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
      throw root.invalid("key-prefix", keyPrefix, "a non-empty text without '{' or '}' (they mark Redis hash tags)");
    }
    CodecSettings codec = codec(root.sectionOrEmpty("codec", CODEC_KEYS), classLoader);
    ConfigNode defaultsNode = root.sectionOrEmpty("defaults", CacheSettingsBinder.COMMON_KEYS);
    CacheSettings defaults = CacheSettingsBinder.bindCommon(defaultsNode, CacheSettings.DEFAULTS);
    Map<String, CacheDefinition> caches = new LinkedHashMap<>();
    ConfigNode cachesNode = root.sectionOrEmpty("caches", null);
    for (String name : cachesNode.keys()) {
      if (name.isBlank()) {
        throw cachesNode.invalid(name, name, "a non-empty cache name");
      }
      ConfigNode cacheNode = cachesNode.sectionOrEmpty(name, CacheSettingsBinder.CACHE_KEYS);
      caches.put(name, CacheSettingsBinder.bindCache(name, cacheNode, defaults, classLoader));
    }
    return new ProviderSettings(source, redis, keyPrefix, codec, defaults, caches, classLoader);
  }

  private static CodecSettings codec(ConfigNode node, ClassLoader classLoader) {
    String name = node.text("name").orElse(CodecSettings.DEFAULT_CODEC);
    if (!CODEC_NAME.matcher(name).matches()) {
      throw node.invalid("name", name, "a codec name such as " + CodecSettings.DEFAULT_CODEC
          + " (letters, digits, '.', '_', '-')");
    }
    List<String> allow = node.list("allow").orElse(List.of());
    for (String pattern : allow) {
      if (!CLASS_PATTERN.matcher(pattern).matches()) {
        throw node.invalid("allow", pattern, "class-name patterns: com.example.Order (one class),"
            + " com.example.* (a package) or com.example.** (a package and its sub-packages)");
      }
    }
    List<String> register = new ArrayList<>();
    for (String className : node.list("register").orElse(List.of())) {
      CacheSettingsBinder.type(node, "register", className, classLoader);
      register.add(className);
    }
    return new CodecSettings(name, allow, register, classLoader);
  }
}
