package dev.nearcache.jcache.internal.config;

import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting as {@link SettingsTable} declares it: where it lives, what it holds, its default and
 * bounds, and the line that documents it. The binders read a setting through it (key, bounds,
 * default), {@link EffectiveProperties} writes it back through it ({@link #read}, {@link #format}),
 * and the tables of docs/configuration.md are rendered from it, so none of these can drift apart.
 *
 * <p>Built in steps, each returning a copy: {@code Setting.duration("timeout",
 * RedisSettings::timeout) .byDefault(...).between(...).doc("...")}.
 *
 * @param path the dotted path below the section the setting belongs to ({@code timeout}, {@code
 *     tls.truststore}, {@code near-cache.lease})
 * @param kind how its text is read and its value written
 * @param read reads the bound value back from the settings object; null when the setting is not set
 *     or does not apply (a TLS setting without a TLS address)
 * @param defaultValue the value when the setting is absent, or null when there is none
 * @param derivedDefault how the default is documented when it follows from other settings ("twice
 *     the interval"), else null
 * @param min the smallest value allowed, or null
 * @param max the largest value allowed, or null
 * @param choices the names a {@link Kind#CHOICE} accepts (lower case), in documented order
 * @param connection whether {@code redis.redisson-config} replaces it (Redisson's own file supplies
 *     the whole connection; the library's own settings stay allowed next to it)
 * @param doc the setting's line in the configuration reference; {@code {min}} and {@code {max}}
 *     stand for the bounds, so a bound is written once
 * @param <S> the bound settings object the value is read back from
 * @param <T> the value's type
 */
public record Setting<S, T>(
    String path,
    Kind kind,
    Function<S, T> read,
    T defaultValue,
    String derivedDefault,
    T min,
    T max,
    Map<String, T> choices,
    boolean connection,
    String doc) {

  /**
   * What a setting holds, which decides how {@link ConfigNode} reads it and how it is written back.
   */
  enum Kind {
    DURATION,
    INTEGER,
    LONG,
    BOOLEAN,
    TEXT,
    CHOICE,
    LIST,
    CLASS,
    SIZE,
    LOCATION
  }

  public Setting {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(read, "read");
    choices = choices == null ? Map.of() : choices;
  }

  static <S> Setting<S, java.time.Duration> duration(
      String path, Function<S, java.time.Duration> read) {
    return of(path, Kind.DURATION, read);
  }

  static <S> Setting<S, Integer> integer(String path, Function<S, Integer> read) {
    return of(path, Kind.INTEGER, read);
  }

  static <S> Setting<S, Long> longValue(String path, Function<S, Long> read) {
    return of(path, Kind.LONG, read);
  }

  static <S> Setting<S, Boolean> bool(String path, Function<S, Boolean> read) {
    return of(path, Kind.BOOLEAN, read);
  }

  static <S> Setting<S, String> text(String path, Function<S, String> read) {
    return of(path, Kind.TEXT, read);
  }

  static <S, T> Setting<S, T> choice(String path, Map<String, T> choices, Function<S, T> read) {
    return new Setting<>(path, Kind.CHOICE, read, null, null, null, null, choices, false, null);
  }

  static <S> Setting<S, List<String>> list(String path, Function<S, List<String>> read) {
    return of(path, Kind.LIST, read);
  }

  /** A class name; the value read back is a {@link Class} or its name. */
  static <S, T> Setting<S, T> className(String path, Function<S, T> read) {
    return of(path, Kind.CLASS, read);
  }

  /** A number of bytes, written with KiB, MiB or GiB when exact. */
  static <S> Setting<S, Integer> size(String path, Function<S, Integer> read) {
    return of(path, Kind.SIZE, read);
  }

  /** A file or resource: a path, or a file:, classpath: or jar: URI. */
  static <S> Setting<S, URL> location(String path, Function<S, URL> read) {
    return of(path, Kind.LOCATION, read);
  }

  private static <S, T> Setting<S, T> of(String path, Kind kind, Function<S, T> read) {
    return new Setting<>(path, kind, read, null, null, null, null, null, false, null);
  }

  Setting<S, T> byDefault(T value) {
    return new Setting<>(
        path, kind, read, value, derivedDefault, min, max, choices, connection, doc);
  }

  /**
   * A default that follows from other settings: {@code value} for the defaults, {@code text} in the
   * docs.
   */
  Setting<S, T> derivedDefault(T value, String text) {
    return new Setting<>(path, kind, read, value, text, min, max, choices, connection, doc);
  }

  Setting<S, T> between(T least, T most) {
    return new Setting<>(
        path, kind, read, defaultValue, derivedDefault, least, most, choices, connection, doc);
  }

  Setting<S, T> atLeast(T least) {
    return between(least, null);
  }

  /** Marks a connection setting: not allowed next to {@code redis.redisson-config}. */
  Setting<S, T> asConnection() {
    return new Setting<>(
        path, kind, read, defaultValue, derivedDefault, min, max, choices, true, doc);
  }

  Setting<S, T> doc(String text) {
    return new Setting<>(
        path, kind, read, defaultValue, derivedDefault, min, max, choices, connection, text);
  }

  /**
   * The last part of the path: the key in its section ({@code lease} of {@code near-cache.lease}).
   */
  String key() {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  /** The path of the section holding the key, "" at the top of the setting's section. */
  String section() {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  /** The documentation line with its bounds filled in. */
  String documentation() {
    String text = doc == null ? "" : doc;
    return text.replace("{min}", min == null ? "" : format(min))
        .replace("{max}", max == null ? "" : format(max));
  }

  /**
   * The value as the settings files and properties write it, or null for "not set" (null, an empty
   * list).
   */
  String format(T value) {
    if (value == null) {
      return null;
    }
    return switch (kind) {
      case DURATION -> Durations.format((java.time.Duration) value);
      case LIST ->
          ((List<?>) value).isEmpty()
              ? null
              : String.join(",", ((List<?>) value).stream().map(String::valueOf).toList());
      case CLASS -> value instanceof Class<?> type ? type.getName() : value.toString();
      case SIZE -> EntrySizes.format((Integer) value);
      case CHOICE ->
          choices.entrySet().stream()
              .filter(e -> e.getValue().equals(value))
              .map(Map.Entry::getKey)
              .findFirst()
              .orElseThrow(
                  () -> new IllegalArgumentException(path + ": not one of the choices: " + value));
      default -> value.toString();
    };
  }

  /** The default as the settings files write it, or null when there is none. */
  String formattedDefault() {
    return format(defaultValue);
  }

  /**
   * The bound value of this setting in {@code source}, written as properties write it, or null when
   * not set.
   */
  String written(S source) {
    return format(read.apply(source));
  }

  /** Guards a binder against reading a setting as the wrong kind. */
  Setting<S, T> expect(Kind expected) {
    if (kind != expected) {
      throw new IllegalArgumentException(
          "setting '" + path + "' is a " + kind + ", read as a " + expected);
    }
    return this;
  }
}
