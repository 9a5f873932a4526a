package dev.nearcache.spring.boot.jpa;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/**
 * A Spring Boot 4 application with JPA (Spring Data), Spring's cache abstraction and
 * nearcache-hibernate: nothing in it or in its configuration mentions Hibernate's second-level
 * cache beyond the entity's {@code @Cache}.
 */
@SpringBootApplication
@EnableCaching
public class CatalogApplication {}
