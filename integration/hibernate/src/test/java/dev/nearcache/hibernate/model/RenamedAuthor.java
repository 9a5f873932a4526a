package dev.nearcache.hibernate.model;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;
import org.hibernate.annotations.NaturalId;
import org.hibernate.annotations.NaturalIdCache;

/** A NONSTRICT_READ_WRITE entity whose natural id changes. */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.NONSTRICT_READ_WRITE)
@NaturalIdCache
public class RenamedAuthor {
  @Id private long id;

  @NaturalId(mutable = true)
  private String code;

  protected RenamedAuthor() {}

  public RenamedAuthor(long id, String code) {
    this.id = id;
    this.code = code;
  }

  public long getId() {
    return id;
  }

  public String getCode() {
    return code;
  }

  public void setCode(String code) {
    this.code = code;
  }
}
