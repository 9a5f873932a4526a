package dev.nearcache.spring.boot.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/**
 * An entity in Hibernate's second-level cache, region {@code
 * dev.nearcache.spring.boot.jpa.Product}.
 */
@Entity
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class Product {
  @Id private long id;
  private String name;

  protected Product() {}

  public Product(long id, String name) {
    this.id = id;
    this.name = name;
  }

  public long getId() {
    return id;
  }

  public String getName() {
    return name;
  }
}
