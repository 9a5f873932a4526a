package dev.nearcache.hibernate.quickstart;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/** The entity of docs/hibernate.md's quick start. */
// tag::entity[]
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

  public String getName() {
    return name;
  }
}
// end::entity[]
