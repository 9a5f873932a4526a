package dev.nearcache.micrometer;

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
 * config} package, and the near tier's settings and metrics; nothing internal, which may change in
 * any release.
 */
class PublicApiOnlyTest {
  private static final Set<String> NEAR_TIER_API =
      Set.of(
          "dev.nearcache.near.NearCacheSettings",
          "dev.nearcache.near.NearCacheMetrics",
          "dev.nearcache.near.LatencyHistogram",
          "dev.nearcache.near.ClearCause");

  private static final DescribedPredicate<JavaClass> NOT_PUBLIC_API =
      DescribedPredicate.describe(
          "nearcache classes outside its public API",
          type -> {
            String pkg = type.getPackageName();
            if (!pkg.startsWith("dev.nearcache.") || pkg.equals("dev.nearcache.micrometer")) {
              return false;
            }
            if (pkg.equals("dev.nearcache.jcache") || pkg.equals("dev.nearcache.jcache.config")) {
              return false;
            }
            return !NEAR_TIER_API.contains(type.getName());
          });

  @Test
  void usesThePublicApiOnly() {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.nearcache.micrometer");
    noClasses()
        .that()
        .resideInAPackage("dev.nearcache.micrometer")
        .should()
        .dependOnClassesThat(NOT_PUBLIC_API)
        .check(classes);
  }
}
