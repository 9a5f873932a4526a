package dev.nearcache.hibernate;

import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
import org.hibernate.cache.cfg.spi.DomainDataRegionBuildingContext;
import org.hibernate.cache.cfg.spi.DomainDataRegionConfig;
import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.cfg.spi.NaturalIdDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.cache.spi.access.NaturalIdDataAccess;
import org.hibernate.cache.spi.support.DomainDataRegionImpl;
import org.hibernate.cache.spi.support.RegionFactoryTemplate;

/**
 * A region of entities, collections or natural ids, whose access strategies stay correct when many
 * JVMs share the region: READ_WRITE through {@link ReadWriteAccesses}, NONSTRICT_READ_WRITE and
 * READ_ONLY through {@link InvalidatingAccesses}. TRANSACTIONAL is Hibernate's (it needs a JTA
 * cache, which this is not).
 */
final class NearCacheDomainDataRegion extends DomainDataRegionImpl {
  NearCacheDomainDataRegion(
      DomainDataRegionConfig config,
      RegionFactoryTemplate regionFactory,
      RegionStorage storage,
      CacheKeysFactory keys,
      DomainDataRegionBuildingContext context) {
    // The superclass's constructor generates the access strategies: they take the storage from
    // getCacheStorageAccess(), which it has set by then, not from a field of this class.
    super(config, regionFactory, storage, keys, context);
  }

  private RegionStorage storage() {
    return (RegionStorage) getCacheStorageAccess();
  }

  @Override
  public EntityDataAccess generateEntityAccess(EntityDataCachingConfig config) {
    CacheKeysFactory keys = getEffectiveKeysFactory();
    return switch (config.getAccessType()) {
      case READ_WRITE -> new ReadWriteAccesses.Entities(this, keys, storage(), config);
      case NONSTRICT_READ_WRITE ->
          new InvalidatingAccesses.NonStrictEntities(this, keys, storage(), config);
      case READ_ONLY -> new InvalidatingAccesses.ReadOnlyEntities(this, keys, storage(), config);
      case TRANSACTIONAL -> super.generateEntityAccess(config);
    };
  }

  @Override
  public CollectionDataAccess generateCollectionAccess(CollectionDataCachingConfig config) {
    CacheKeysFactory keys = getEffectiveKeysFactory();
    return switch (config.getAccessType()) {
      case READ_WRITE -> new ReadWriteAccesses.Collections(this, keys, storage(), config);
      case NONSTRICT_READ_WRITE ->
          new InvalidatingAccesses.NonStrictCollections(this, keys, storage(), config);
      case READ_ONLY -> new InvalidatingAccesses.ReadOnlyCollections(this, keys, storage(), config);
      case TRANSACTIONAL -> super.generateCollectionAccess(config);
    };
  }

  @Override
  public NaturalIdDataAccess generateNaturalIdAccess(NaturalIdDataCachingConfig config) {
    CacheKeysFactory keys = getEffectiveKeysFactory();
    return switch (config.getAccessType()) {
      case READ_WRITE -> new ReadWriteAccesses.NaturalIds(this, keys, storage(), config);
      case NONSTRICT_READ_WRITE ->
          new InvalidatingAccesses.NonStrictNaturalIds(this, keys, storage(), config);
      case READ_ONLY -> new InvalidatingAccesses.ReadOnlyNaturalIds(this, keys, storage(), config);
      case TRANSACTIONAL -> super.generateNaturalIdAccess(config);
    };
  }
}
