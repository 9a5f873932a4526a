package dev.nearcache.serialization;

import java.util.Collection;

/**
 * Adds classes to every codec's allow-list, so that the types a library stores in caches (a
 * framework's cache keys, its null marker, its cache entries) need no {@code codec.allow} entry
 * from the user. Integration modules and applications' own libraries implement it.
 *
 * <p><b>Discovery.</b> Implementations are {@link java.util.ServiceLoader} providers: list the
 * class in {@code META-INF/services/dev.nearcache.serialization.AllowedClassesContributor} (or
 * {@code provides} it in {@code module-info}); it needs a public no-argument constructor. A cache
 * manager asks every contributor its class loader finds (the loader given to {@code
 * getCacheManager}, then this library's own) once, when it is opened; see {@link
 * AllowedClassContributions}.
 *
 * <p><b>Why a service and not a resource file of names.</b> The service file is the one that build
 * tools already merge: the Maven Shade plugin's {@code ServicesResourceTransformer} and Gradle's
 * {@code mergeServiceFiles()} combine {@code META-INF/services} files of many jars into one, while
 * any other resource file of the same name in two jars silently keeps only one of them in a fat
 * jar, and a lost allow-list entry would only show up as a refused class in production. A class
 * also gives every contribution a name that error messages and the report of the effective
 * allow-list can show, and lets a library decide in code (for example, only the types of a
 * framework version that is present).
 *
 * <p><b>Responsibility.</b> Every class a contributor allows may be instantiated from bytes in
 * Redis that any node wrote. Contribute only the library's own value types: classes that run no
 * code of consequence while being rebuilt (no {@code readObject} or {@code readResolve} that calls
 * methods of the objects it reads), never a package of unrelated classes.
 */
public interface AllowedClassesContributor {

  /**
   * The classes to allow, in the syntax of {@code codec.allow}: a class name ({@code
   * org.example.cache.Key}, nested classes with {@code $}), every class of a package ({@code
   * org.example.cache.*}) or of a package and its sub-packages ({@code org.example.cache.**}). An
   * array is allowed when its element class is, so arrays need no entry. A malformed entry fails
   * opening the cache manager with an error naming this contributor.
   */
  Collection<String> allowedClasses();
}
