package dev.nearcache.hibernate;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The module is built on the provider's public API: {@code dev.nearcache.jcache} and its {@code
 * config} package, the allow-list's extension point and the near tier's settings; nothing internal,
 * which may change in any release.
 */
class PublicApiOnlyTest {
  private static final Set<String> OTHER_API =
      Set.of(
          "dev.nearcache.serialization.AllowedClassesContributor",
          "dev.nearcache.near.NearCacheSettings");

  private static final DescribedPredicate<JavaClass> NOT_PUBLIC_API =
      DescribedPredicate.describe(
          "nearcache classes outside its public API",
          type -> {
            String pkg = type.getPackageName();
            if (!pkg.startsWith("dev.nearcache.") || pkg.equals("dev.nearcache.hibernate")) {
              return false;
            }
            if (pkg.equals("dev.nearcache.jcache") || pkg.equals("dev.nearcache.jcache.config")) {
              return false;
            }
            return !OTHER_API.contains(type.getName());
          });

  @Test
  void usesThePublicApiOnly() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.nearcache.hibernate");
    noClasses()
        .that()
        .resideInAPackage("dev.nearcache.hibernate")
        .should()
        .dependOnClassesThat(NOT_PUBLIC_API)
        .check(classes);
  }
}
