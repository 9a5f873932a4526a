package dev.nearcache.serialization;

import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The allow-list entries that {@link AllowedClassesContributor}s visible from a class loader add,
 * each with the contributor it came from.
 *
 * <p>Contributors are taken from the given loader (a cache manager's), then from this library's own
 * when it differs, each class once, and asked in the order of their class names, so the result does
 * not depend on the order of jars on the class path. Order decides nothing else: the allow-list is
 * a union.
 */
public final class AllowedClassContributions {

  /**
   * One entry and where it came from.
   *
   * @param contributor the contributor's class name and, when known, the jar or directory it was
   *     loaded from: {@code org.example.FrameworkTypes (file:/app/lib/framework.jar)}
   */
  public record Contribution(String pattern, String contributor) {}

  private static final AllowedClassContributions NONE = new AllowedClassContributions(List.of());

  private final List<Contribution> contributions;

  private AllowedClassContributions(List<Contribution> contributions) {
    this.contributions = List.copyOf(contributions);
  }

  public static AllowedClassContributions none() {
    return NONE;
  }

  /**
   * Asks every contributor visible from {@code classLoader} (null: this library's loader only).
   *
   * @throws IllegalArgumentException if a contributor returns a malformed entry; the message names
   *     the contributor and where its class was loaded from
   * @throws IllegalStateException if a contributor cannot be loaded or fails
   */
  public static AllowedClassContributions discover(ClassLoader classLoader) {
    List<AllowedClassesContributor> contributors = new ArrayList<>();
    Set<Class<?>> seen = new LinkedHashSet<>();
    ClassLoader library = AllowedClassContributions.class.getClassLoader();
    if (classLoader != null && classLoader != library) {
      addAll(ServiceLoader.load(AllowedClassesContributor.class, classLoader), contributors, seen);
    }
    addAll(ServiceLoader.load(AllowedClassesContributor.class, library), contributors, seen);
    contributors.sort(Comparator.comparing(c -> c.getClass().getName()));
    List<Contribution> entries = new ArrayList<>();
    for (AllowedClassesContributor contributor : contributors) {
      String name = describe(contributor.getClass());
      for (String entry : askFor(contributor, name)) {
        if (entry == null) {
          throw new IllegalArgumentException(
              "Allowed-classes contributor " + name + " returned a null entry");
        }
        // The same check codec.allow entries get, so that a contribution cannot allow every class.
        AllowPattern.parse(entry, "entry of allowed-classes contributor " + name);
        entries.add(new Contribution(entry.trim(), name));
      }
    }
    return entries.isEmpty() ? NONE : new AllowedClassContributions(entries);
  }

  /** Every entry, contributor by contributor. */
  public List<Contribution> contributions() {
    return contributions;
  }

  public boolean isEmpty() {
    return contributions.isEmpty();
  }

  /**
   * The settings with these entries appended to {@link CodecSettings#allowedClasses()}, each once;
   * every codec then honours them as it honours {@code codec.allow}.
   */
  public CodecSettings addTo(CodecSettings settings) {
    Objects.requireNonNull(settings, "settings");
    if (contributions.isEmpty()) {
      return settings;
    }
    Set<String> allowed = new LinkedHashSet<>(settings.allowedClasses());
    contributions.forEach(c -> allowed.add(c.pattern()));
    return new CodecSettings(
        settings.name(),
        List.copyOf(allowed),
        settings.registeredClasses(),
        settings.classLoader());
  }

  @Override
  public String toString() {
    return contributions.toString();
  }

  private static void addAll(
      ServiceLoader<AllowedClassesContributor> loader,
      List<AllowedClassesContributor> contributors,
      Set<Class<?>> seen) {
    Iterator<AllowedClassesContributor> it = loader.iterator();
    try {
      while (it.hasNext()) {
        AllowedClassesContributor contributor = it.next();
        if (seen.add(contributor.getClass())) {
          contributors.add(contributor);
        }
      }
    } catch (ServiceConfigurationError e) {
      // Skipping it would refuse the classes it allows at run time, far from the cause.
      throw new IllegalStateException(
          "An allowed-classes contributor listed in META-INF/services/"
              + AllowedClassesContributor.class.getName()
              + " could not be loaded: "
              + e.getMessage(),
          e);
    }
  }

  private static Collection<String> askFor(AllowedClassesContributor contributor, String name) {
    Collection<String> entries;
    try {
      entries = contributor.allowedClasses();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Allowed-classes contributor " + name + " failed: " + e, e);
    }
    if (entries == null) {
      throw new IllegalArgumentException(
          "Allowed-classes contributor "
              + name
              + " returned null instead of a"
              + " collection of class-name patterns");
    }
    return entries;
  }

  /** The contributor's class and, when known, the jar or directory it was loaded from. */
  private static String describe(Class<?> type) {
    CodeSource source = type.getProtectionDomain().getCodeSource();
    return source == null || source.getLocation() == null
        ? type.getName()
        : type.getName() + " (" + source.getLocation() + ")";
  }
}
