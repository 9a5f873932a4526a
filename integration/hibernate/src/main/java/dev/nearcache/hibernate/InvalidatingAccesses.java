package dev.nearcache.hibernate;

import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.cfg.spi.NaturalIdDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.cache.spi.support.CollectionNonStrictReadWriteAccess;
import org.hibernate.cache.spi.support.CollectionReadOnlyAccess;
import org.hibernate.cache.spi.support.EntityNonStrictReadWriteAccess;
import org.hibernate.cache.spi.support.EntityReadOnlyAccess;
import org.hibernate.cache.spi.support.NaturalIdNonStrictReadWriteAccess;
import org.hibernate.cache.spi.support.NaturalIdReadOnlyAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * NONSTRICT_READ_WRITE and READ_ONLY access to entities, collections and natural ids: Hibernate's
 * classes for keys, access type and what happens at insert, with loads, reads and the removal of
 * changed or deleted entries done by {@link InvalidationProtocol}.
 */
final class InvalidatingAccesses {
  private InvalidatingAccesses() {}

  static final class NonStrictEntities extends EntityNonStrictReadWriteAccess {
    private final InvalidationProtocol protocol;

    NonStrictEntities(
        DomainDataRegion region,
        CacheKeysFactory keys,
        RegionStorage storage,
        EntityDataCachingConfig config) {
      super(region, keys, storage, config);
      protocol = new InvalidationProtocol(storage, region.getRegionFactory());
    }

    @Override
    public Object get(SharedSessionContractImplementor session, Object key) {
      return protocol.get(session, key);
    }

    @Override
    public boolean contains(Object key) {
      return protocol.contains(key);
    }

    @Override
    public boolean putFromLoad(
        SharedSessionContractImplementor session, Object key, Object value, Object version) {
      return protocol.putFromLoad(session, key, value);
    }

    @Override
    public boolean update(
        SharedSessionContractImplementor session,
        Object key,
        Object value,
        Object currentVersion,
        Object previousVersion) {
      protocol.invalidate(key);
      return false;
    }

    @Override
    public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
      protocol.invalidate(key);
    }

    @Override
    public void remove(SharedSessionContractImplementor session, Object key) {
      protocol.invalidate(key);
    }
  }

  static final class NonStrictCollections extends CollectionNonStrictReadWriteAccess {
    private final InvalidationProtocol protocol;

    NonStrictCollections(
        DomainDataRegion region,
        CacheKeysFactory keys,
        RegionStorage storage,
        CollectionDataCachingConfig config) {
      super(region, keys, storage, config);
      protocol = new InvalidationProtocol(storage, region.getRegionFactory());
    }

    @Override
    public Object get(SharedSessionContractImplementor session, Object key) {
      return protocol.get(session, key);
    }

    @Override
    public boolean contains(Object key) {
      return protocol.contains(key);
    }

    @Override
    public boolean putFromLoad(
        SharedSessionContractImplementor session, Object key, Object value, Object version) {
      return protocol.putFromLoad(session, key, value);
    }

    @Override
    public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
      protocol.invalidate(key);
    }

    @Override
    public void remove(SharedSessionContractImplementor session, Object key) {
      protocol.invalidate(key);
    }
  }

  static final class NonStrictNaturalIds extends NaturalIdNonStrictReadWriteAccess {
    private final InvalidationProtocol protocol;

    NonStrictNaturalIds(
        DomainDataRegion region,
        CacheKeysFactory keys,
        RegionStorage storage,
        NaturalIdDataCachingConfig config) {
      super(region, keys, storage, config);
      protocol = new InvalidationProtocol(storage, region.getRegionFactory());
    }

    @Override
    public Object get(SharedSessionContractImplementor session, Object key) {
      return protocol.get(session, key);
    }

    @Override
    public boolean contains(Object key) {
      return protocol.contains(key);
    }

    @Override
    public boolean putFromLoad(
        SharedSessionContractImplementor session, Object key, Object value, Object version) {
      return protocol.putFromLoad(session, key, value);
    }

    @Override
    public boolean update(SharedSessionContractImplementor session, Object key, Object value) {
      protocol.invalidate(key);
      return false;
    }

    @Override
    public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
      protocol.invalidate(key);
    }

    @Override
    public void remove(SharedSessionContractImplementor session, Object key) {
      protocol.invalidate(key);
    }
  }

  static final class ReadOnlyEntities extends EntityReadOnlyAccess {
    private final InvalidationProtocol protocol;

    ReadOnlyEntities(
        DomainDataRegion region,
        CacheKeysFactory keys,
        RegionStorage storage,
        EntityDataCachingConfig config) {
      super(region, keys, storage, config);
      protocol = new InvalidationProtocol(storage, region.getRegionFactory());
    }

    @Override
    public Object get(SharedSessionContractImplementor session, Object key) {
      return protocol.get(session, key);
    }

    @Override
    public boolean contains(Object key) {
      return protocol.contains(key);
    }

    @Override
    public boolean putFromLoad(
        SharedSessionContractImplementor session, Object key, Object value, Object version) {
      return protocol.putFromLoad(session, key, value);
    }

    @Override
    public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
      protocol.invalidate(key);
    }

    @Override
    public void remove(SharedSessionContractImplementor session, Object key) {
      protocol.invalidate(key);
    }
  }

  static final class ReadOnlyCollections extends CollectionReadOnlyAccess {
    private final InvalidationProtocol protocol;

    ReadOnlyCollections(
        DomainDataRegion region,
        CacheKeysFactory keys,
        RegionStorage storage,
        CollectionDataCachingConfig config) {
      super(region, keys, storage, config);
      protocol = new InvalidationProtocol(storage, region.getRegionFactory());
    }

    @Override
    public Object get(SharedSessionContractImplementor session, Object key) {
      return protocol.get(session, key);
    }

    @Override
    public boolean contains(Object key) {
      return protocol.contains(key);
    }

    @Override
    public boolean putFromLoad(
        SharedSessionContractImplementor session, Object key, Object value, Object version) {
      return protocol.putFromLoad(session, key, value);
    }

    @Override
    public void remove(SharedSessionContractImplementor session, Object key) {
      protocol.invalidate(key);
    }
  }

  static final class ReadOnlyNaturalIds extends NaturalIdReadOnlyAccess {
    private final InvalidationProtocol protocol;

    ReadOnlyNaturalIds(
        DomainDataRegion region,
        CacheKeysFactory keys,
        RegionStorage storage,
        NaturalIdDataCachingConfig config) {
      super(region, keys, storage, config);
      protocol = new InvalidationProtocol(storage, region.getRegionFactory());
    }

    @Override
    public Object get(SharedSessionContractImplementor session, Object key) {
      return protocol.get(session, key);
    }

    @Override
    public boolean contains(Object key) {
      return protocol.contains(key);
    }

    @Override
    public boolean putFromLoad(
        SharedSessionContractImplementor session, Object key, Object value, Object version) {
      return protocol.putFromLoad(session, key, value);
    }

    @Override
    public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
      protocol.invalidate(key);
    }

    @Override
    public void remove(SharedSessionContractImplementor session, Object key) {
      protocol.invalidate(key);
    }
  }
}
