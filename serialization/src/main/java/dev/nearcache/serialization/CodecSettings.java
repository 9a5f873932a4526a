package dev.nearcache.serialization;

import java.util.List;
import java.util.Objects;

/**
 * What a codec is allowed to do.
 *
 * @param name the codec's name ({@code kryo} by default; others are found through {@link
 *     CodecFactory})
 * @param allowedClasses class-name patterns whose instances may be encoded and decoded beyond the
 *     built-in safe set: an exact name ({@code com.example.Order}), every class of one package
 *     ({@code com.example.*}) or of a package and its sub-packages ({@code com.example.**}); a
 *     cache manager appends what {@link AllowedClassesContributor}s add ({@link
 *     AllowedClassContributions#addTo})
 * @param registeredClasses classes registered with the codec, in this order, so that they are
 *     written as small numbers instead of names; each is allowed as well
 * @param classLoader the loader that resolves class names (null: this library's loader)
 */
public record CodecSettings(
    String name,
    List<String> allowedClasses,
    List<String> registeredClasses,
    ClassLoader classLoader) {

  public static final String DEFAULT_CODEC = "kryo";

  public CodecSettings {
    name = (name == null || name.isBlank()) ? DEFAULT_CODEC : name.trim();
    allowedClasses = List.copyOf(Objects.requireNonNullElse(allowedClasses, List.of()));
    registeredClasses = List.copyOf(Objects.requireNonNullElse(registeredClasses, List.of()));
  }

  public static CodecSettings defaults() {
    return new CodecSettings(DEFAULT_CODEC, List.of(), List.of(), null);
  }

  public CodecSettings withClassLoader(ClassLoader loader) {
    return new CodecSettings(name, allowedClasses, registeredClasses, loader);
  }
}
