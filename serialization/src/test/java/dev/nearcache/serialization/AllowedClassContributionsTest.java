package dev.nearcache.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nearcache.serialization.AllowedClassContributions.Contribution;
import dev.nearcache.serialization.contributed.ContributedKey;
import dev.nearcache.serialization.contributed.FrameworkTypesContributor;
import dev.nearcache.serialization.contributed.MalformedContributor;
import dev.nearcache.serialization.contributed.OtherLibraryContributor;
import dev.nearcache.serialization.contributed.values.ContributedValue;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Contributions found through the real {@link java.util.ServiceLoader}: this module's test
 * resources list two contributors in {@code META-INF/services}; a malformed one and a missing one
 * are listed in directories of their own, put on class loaders of their own.
 */
class AllowedClassContributionsTest {

  private static final String KEY = ContributedKey.class.getName();
  private static final String VALUES = "dev.nearcache.serialization.contributed.values.*";

  @Test
  void contributorsAreFoundThroughServiceLoaderAndAskedInClassNameOrder() {
    List<Contribution> found = AllowedClassContributions.discover(null).contributions();

    assertEquals(List.of(KEY, VALUES, KEY), found.stream().map(Contribution::pattern).toList());
    assertTrue(
        found
            .get(0)
            .contributor()
            .startsWith(FrameworkTypesContributor.class.getName() + " (file:"),
        found.get(0).contributor());
    assertTrue(found.get(1).contributor().startsWith(FrameworkTypesContributor.class.getName()));
    assertTrue(found.get(2).contributor().startsWith(OtherLibraryContributor.class.getName()));
  }

  @Test
  void theManagersClassLoaderFindsThemAsWell() {
    ClassLoader child = new URLClassLoader(new URL[0], getClass().getClassLoader());
    assertEquals(
        AllowedClassContributions.discover(null).contributions(),
        AllowedClassContributions.discover(child).contributions(),
        "each contributor class is asked once");
  }

  @Test
  void contributedClassesAreAllowedByTheCodecAndTheKeyEncoder() {
    CodecSettings settings =
        AllowedClassContributions.discover(null).addTo(CodecSettings.defaults());
    Codec codec = Codecs.create(settings);
    KeyEncoder keys = new KeyEncoder(settings);

    assertEquals(List.of(KEY, VALUES), settings.allowedClasses());
    ContributedKey key = new ContributedKey("find", 7);
    assertEquals(key, codec.decode(codec.encode(key)));
    assertEquals(key, keys.decode(keys.encode(key)));
    assertEquals(new ContributedValue("v"), codec.decode(codec.encode(new ContributedValue("v"))));
    // without the contributions, the same classes are refused
    SerializationException refused =
        assertThrows(
            SerializationException.class,
            () -> Codecs.create(CodecSettings.defaults()).encode(key));
    assertEquals(KEY, refused.className());
  }

  @Test
  void aMalformedContributionFailsNamingTheContributor() {
    ClassLoader loader = loaderOf("malformed-contributor/");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> AllowedClassContributions.discover(loader));

    assertTrue(
        e.getMessage()
            .startsWith(
                "Invalid entry of allowed-classes contributor "
                    + MalformedContributor.class.getName()
                    + " (file:"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("'dev.nearcache.*.Order': expected " + AllowPattern.SYNTAX),
        e.getMessage());
  }

  @Test
  void aContributorThatCannotBeLoadedFailsNamingIt() {
    ClassLoader loader = loaderOf("missing-contributor/");

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> AllowedClassContributions.discover(loader));

    assertTrue(
        e.getMessage().contains("dev.nearcache.serialization.contributed.NoSuchContributor"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("META-INF/services/" + AllowedClassesContributor.class.getName()),
        e.getMessage());
  }

  @Test
  void noContributionsLeaveTheSettingsAsTheyAre() {
    CodecSettings settings = TestSupport.allowing("com.example.*");
    assertEquals(settings, AllowedClassContributions.none().addTo(settings));
  }

  /**
   * A loader that sees the test classes and, in addition, the service files under {@code
   * directory}.
   */
  private ClassLoader loaderOf(String directory) {
    URL root = getClass().getClassLoader().getResource(directory);
    return new URLClassLoader(new URL[] {root}, getClass().getClassLoader());
  }
}
