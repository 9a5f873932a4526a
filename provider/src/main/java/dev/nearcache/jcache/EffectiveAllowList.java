package dev.nearcache.jcache;

import dev.nearcache.jcache.config.ProviderSettings;
import dev.nearcache.serialization.AllowedClassContributions;
import dev.nearcache.serialization.CodecSettings;
import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import javax.cache.CacheException;

/**
 * A cache manager's allow-list: {@code codec.allow} and what the {@link
 * dev.nearcache.serialization.AllowedClassesContributor}s its class loader finds add, each entry
 * with where it came from. The configuration's settings stay what the file says (they can be
 * written back and read again); this is what the codecs are built with, reported once in the log
 * (INFO when anything was contributed, since that widens what may be decoded) and by {@link
 * RedisCacheManager#allowedClasses()}.
 */
final class EffectiveAllowList {
  private static final System.Logger LOG = System.getLogger(RedisCacheManager.class.getName());

  private final CodecSettings codecSettings;
  private final Map<String, String> origins;

  private EffectiveAllowList(CodecSettings codecSettings, Map<String, String> origins) {
    this.codecSettings = codecSettings;
    this.origins = Collections.unmodifiableMap(origins);
  }

  /**
   * @throws CacheException if a contributor fails or contributes a malformed entry; names the
   *     manager
   */
  static EffectiveAllowList of(URI manager, ProviderSettings settings, ClassLoader classLoader) {
    AllowedClassContributions contributions;
    try {
      contributions = AllowedClassContributions.discover(classLoader);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CacheException("Cache manager " + manager + ": " + e.getMessage(), e);
    }
    CodecSettings configured = settings.codec().withClassLoader(classLoader);
    Map<String, String> origins = new LinkedHashMap<>();
    String configuredOrigin = "codec.allow of " + settings.source();
    configured
        .allowedClasses()
        .forEach(entry -> origins.putIfAbsent(entry.trim(), configuredOrigin));
    contributions
        .contributions()
        .forEach(c -> origins.putIfAbsent(c.pattern(), "contributed by " + c.contributor()));
    EffectiveAllowList list = new EffectiveAllowList(contributions.addTo(configured), origins);
    LOG.log(
        contributions.isEmpty() ? System.Logger.Level.DEBUG : System.Logger.Level.INFO,
        () -> "Cache manager " + manager + ": " + list.describe());
    return list;
  }

  /** The codec's settings with the contributed entries appended to codec.allow. */
  CodecSettings codecSettings() {
    return codecSettings;
  }

  /** Entry to where it came from, configured entries first. */
  Map<String, String> origins() {
    return origins;
  }

  String describe() {
    if (origins.isEmpty()) {
      return "the codec allows the built-in JDK types only (no codec.allow, no contributed classes)";
    }
    return origins.entrySet().stream()
        .map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining(", ", "the codec allows, beyond the built-in JDK types: ", ""));
  }
}
