package dev.nearcache.spring.boot.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootVersion;

/**
 * The tests run on the Spring Boot line their module names (the build passes it as
 * nearcache.expected.boot.version): 3.5 in the starter module, 4.0 in
 * integration/spring-boot4-tests.
 */
class BootLineTest {
  @Test
  void theSpringBootOnTheClassPathIsTheOneThisModuleTests() {
    assertEquals(
        System.getProperty("nearcache.expected.boot.version"), SpringBootVersion.getVersion());
  }
}
