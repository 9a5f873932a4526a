package dev.nearcache.hibernate.model;

import jakarta.persistence.Cacheable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.OrderColumn;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/**
 * An immutable entity cached READ_ONLY (a READ_ONLY cache on a mutable entity draws Hibernate's
 * warning).
 */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_ONLY)
@NaturalIdCache
@Immutable
public class ReadOnlyCountry implements Cached {
  @Id private long id;

  @NaturalId private String code;

  private String name;

  @ElementCollection
  @OrderColumn
  @Cache(usage = CacheConcurrencyStrategy.READ_ONLY)
  private List<String> tags = new ArrayList<>();

  protected ReadOnlyCountry() {}

  public ReadOnlyCountry(long id, String code, String name, List<String> tags) {
    this.id = id;
    this.code = code;
    this.name = name;
    this.tags = new ArrayList<>(tags);
  }

  @Override
  public long getId() {
    return id;
  }

  @Override
  public String getCode() {
    return code;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public void setName(String name) {
    this.name = name;
  }

  @Override
  public List<String> getTags() {
    return tags;
  }
}
