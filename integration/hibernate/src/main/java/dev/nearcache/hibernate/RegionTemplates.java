package dev.nearcache.hibernate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.hibernate.cache.CacheException;

/**
 * The value of {@value NearCacheRegionFactory#REGION_TEMPLATES}: comma-separated {@code
 * pattern=cache} pairs, where {@code pattern} is a region name in which {@code *} stands for any
 * characters (dots included) and {@code cache} names a cache defined under {@code caches} in the
 * configuration file, whose settings a region matching the pattern is created with. The first
 * pattern that matches wins; a region matching none takes the file's {@code defaults}.
 */
final class RegionTemplates {
  private record Rule(String pattern, Pattern regex, String template) {}

  private final List<Rule> rules;

  private RegionTemplates(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  static RegionTemplates parse(String value) {
    List<Rule> rules = new ArrayList<>();
    if (value != null) {
      for (String pair : value.split(",", -1)) {
        String trimmed = pair.trim();
        if (trimmed.isEmpty()) {
          continue;
        }
        int equals = trimmed.indexOf('=');
        if (equals <= 0 || equals == trimmed.length() - 1) {
          throw new CacheException(
              "Setting '"
                  + NearCacheRegionFactory.REGION_TEMPLATES
                  + "': '"
                  + trimmed
                  + "' is not of the form region-name-pattern=cache-name (e.g."
                  + " com.example.model.*=entities)");
        }
        String pattern = trimmed.substring(0, equals).trim();
        String template = trimmed.substring(equals + 1).trim();
        rules.add(new Rule(pattern, toRegex(pattern), template));
      }
    }
    return new RegionTemplates(rules);
  }

  private static Pattern toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    int start = 0;
    for (int star = glob.indexOf('*'); star >= 0; star = glob.indexOf('*', start)) {
      if (star > start) {
        regex.append(Pattern.quote(glob.substring(start, star)));
      }
      regex.append(".*");
      start = star + 1;
    }
    if (start < glob.length()) {
      regex.append(Pattern.quote(glob.substring(start)));
    }
    return Pattern.compile(regex.toString());
  }

  /** The name of the cache whose settings a region of this name takes, if a pattern matches. */
  Optional<String> templateFor(String regionName) {
    for (Rule rule : rules) {
      if (rule.regex().matcher(regionName).matches()) {
        return Optional.of(rule.template());
      }
    }
    return Optional.empty();
  }

  List<String> templates() {
    return rules.stream().map(Rule::template).distinct().toList();
  }

  @Override
  public String toString() {
    return rules.stream().map(r -> r.pattern() + "=" + r.template()).toList().toString();
  }
}
