package dev.nearcache.spring.boot.jpa;

import org.springframework.data.jpa.repository.JpaRepository;

/** Spring Data's repository of {@link Product}: each call is a session of its own. */
public interface ProductRepository extends JpaRepository<Product, Long> {}
