package dev.nearcache.jcache;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The provider's API is its public packages: {@code dev.nearcache.jcache} (the provider, manager,
 * cache and configuration class), {@code dev.nearcache.jcache.config} (settings) and, from the
 * near-cache module, {@code dev.nearcache.near} (the near tier's settings and metrics). Every
 * package named {@code internal} ({@code dev.nearcache.jcache.internal..}, {@code
 * dev.nearcache.near.internal}) may change freely, so no public or protected member of a public
 * class in the API packages may take, return or expose an internal type, and the API packages'
 * public classes may not extend or implement one.
 */
class PublicApiTest {
  private static final String INTERNAL_CONFIG = "dev.nearcache.jcache.internal.config";
  private static final String[] API = {
    "dev.nearcache.jcache", "dev.nearcache.jcache.config", "dev.nearcache.near"
  };

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.nearcache.jcache", "dev.nearcache.near");

  private static boolean internal(JavaClass type) {
    String pkg = type.getPackageName();
    return pkg.startsWith("dev.nearcache.")
        && (pkg.endsWith(".internal") || pkg.contains(".internal."));
  }

  private static final ArchCondition<JavaMember> EXPOSE_NO_INTERNAL_TYPE =
      new ArchCondition<>("expose no type of an internal package") {
        @Override
        public void check(JavaMember member, ConditionEvents events) {
          List<JavaClass> exposed = new ArrayList<>();
          if (member instanceof JavaField field) {
            exposed.add(field.getRawType());
          } else if (member instanceof JavaCodeUnit code) {
            exposed.add(code.getRawReturnType());
            exposed.addAll(code.getRawParameterTypes());
            exposed.addAll(code.getExceptionTypes());
          }
          for (JavaClass type : exposed) {
            if (internal(type.getBaseComponentType())) {
              events.add(
                  SimpleConditionEvent.violated(
                      member, member.getFullName() + " exposes " + type.getName()));
            }
          }
        }
      };

  @Test
  void publicMembersOfTheApiExposeNoInternalType() {
    members()
        .that()
        .areDeclaredInClassesThat()
        .resideInAnyPackage(API)
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .and()
        .arePublic()
        .should(EXPOSE_NO_INTERNAL_TYPE)
        .check(CLASSES);
    members()
        .that()
        .areDeclaredInClassesThat()
        .resideInAnyPackage(API)
        .and()
        .areDeclaredInClassesThat()
        .arePublic()
        .and()
        .areDeclaredInClassesThat()
        .doNotHaveModifier(JavaModifier.FINAL)
        .and()
        .haveModifier(JavaModifier.PROTECTED)
        .should(EXPOSE_NO_INTERNAL_TYPE)
        .allowEmptyShould(true)
        .check(CLASSES);
  }

  @Test
  void publicApiClassesDoNotExtendOrImplementInternalTypes() {
    noClasses()
        .that()
        .resideInAnyPackage(API)
        .and()
        .arePublic()
        .should()
        .beAssignableTo(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "an internal type", (JavaClass c) -> internal(c) && !c.getPackageName().isEmpty()))
        .check(CLASSES);
  }

  /**
   * The settings depend on no internal package but the one that reads and binds them ({@code
   * dev.nearcache.jcache.internal.config}: the table of settings their defaults come from, the
   * loader behind {@code SettingsLoader}), and that one on no other: configuration knows nothing of
   * the tiers.
   */
  @Test
  void configurationDependsOnNoInternalsButItsOwn() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.nearcache.jcache.config", INTERNAL_CONFIG)
        .should()
        .dependOnClassesThat(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "an internal class outside " + INTERNAL_CONFIG,
                (JavaClass c) -> internal(c) && !c.getPackageName().equals(INTERNAL_CONFIG)))
        .check(CLASSES);
  }
}
