package dev.nearcache.hibernate;

import org.hibernate.cache.cfg.spi.CollectionDataCachingConfig;
import org.hibernate.cache.cfg.spi.EntityDataCachingConfig;
import org.hibernate.cache.cfg.spi.NaturalIdDataCachingConfig;
import org.hibernate.cache.spi.CacheKeysFactory;
import org.hibernate.cache.spi.DomainDataRegion;
import org.hibernate.cache.spi.access.SoftLock;
import org.hibernate.cache.spi.support.CollectionReadWriteAccess;
import org.hibernate.cache.spi.support.EntityReadWriteAccess;
import org.hibernate.cache.spi.support.NaturalIdReadWriteAccess;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * READ_WRITE access to entities, collections and natural ids: Hibernate's classes for keys and
 * access type, with every step that reads and then writes an entry done by {@link
 * ReadWriteProtocol}, atomically across JVMs.
 */
final class ReadWriteAccesses {
  private ReadWriteAccesses() {}

  static final class Entities extends EntityReadWriteAccess {
    private final ReadWriteProtocol protocol;

    Entities(
        DomainDataRegion region,
        CacheKeysFactory keys,
        RegionStorage storage,
        EntityDataCachingConfig config) {
      super(region, keys, storage, config);
      protocol = new ReadWriteProtocol(storage, region.getRegionFactory(), getVersionComparator());
    }

    @Override
    public Object get(SharedSessionContractImplementor session, Object key) {
      return protocol.get(session, key);
    }

    @Override
    public boolean putFromLoad(
        SharedSessionContractImplementor session, Object key, Object value, Object version) {
      return protocol.putFromLoad(session, key, value, version);
    }

    @Override
    public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
      return protocol.lockItem(key, version);
    }

    @Override
    public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
      protocol.unlockItem(key, lock);
    }

    @Override
    public boolean afterInsert(
        SharedSessionContractImplementor session, Object key, Object value, Object version) {
      return protocol.afterInsert(key, value, version);
    }

    @Override
    public boolean afterUpdate(
        SharedSessionContractImplementor session,
        Object key,
        Object value,
        Object currentVersion,
        Object previousVersion,
        SoftLock lock) {
      return protocol.afterUpdate(key, value, currentVersion, lock);
    }

    @Override
    public void remove(SharedSessionContractImplementor session, Object key) {
      protocol.remove(key);
    }
  }

  static final class Collections extends CollectionReadWriteAccess {
    private final ReadWriteProtocol protocol;

    Collections(
        DomainDataRegion region,
        CacheKeysFactory keys,
        RegionStorage storage,
        CollectionDataCachingConfig config) {
      super(region, keys, storage, config);
      protocol = new ReadWriteProtocol(storage, region.getRegionFactory(), getVersionComparator());
    }

    @Override
    public Object get(SharedSessionContractImplementor session, Object key) {
      return protocol.get(session, key);
    }

    @Override
    public boolean putFromLoad(
        SharedSessionContractImplementor session, Object key, Object value, Object version) {
      return protocol.putFromLoad(session, key, value, version);
    }

    @Override
    public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
      return protocol.lockItem(key, version);
    }

    @Override
    public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
      protocol.unlockItem(key, lock);
    }

    @Override
    public void remove(SharedSessionContractImplementor session, Object key) {
      protocol.remove(key);
    }
  }

  static final class NaturalIds extends NaturalIdReadWriteAccess {
    private final ReadWriteProtocol protocol;

    NaturalIds(
        DomainDataRegion region,
        CacheKeysFactory keys,
        RegionStorage storage,
        NaturalIdDataCachingConfig config) {
      super(region, keys, storage, config);
      protocol = new ReadWriteProtocol(storage, region.getRegionFactory(), null);
    }

    @Override
    public Object get(SharedSessionContractImplementor session, Object key) {
      return protocol.get(session, key);
    }

    @Override
    public boolean putFromLoad(
        SharedSessionContractImplementor session, Object key, Object value, Object version) {
      return protocol.putFromLoad(session, key, value, version);
    }

    @Override
    public SoftLock lockItem(SharedSessionContractImplementor session, Object key, Object version) {
      return protocol.lockItem(key, version);
    }

    @Override
    public void unlockItem(SharedSessionContractImplementor session, Object key, SoftLock lock) {
      protocol.unlockItem(key, lock);
    }

    @Override
    public boolean afterInsert(SharedSessionContractImplementor session, Object key, Object value) {
      return protocol.afterInsert(key, value, null);
    }

    @Override
    public boolean afterUpdate(
        SharedSessionContractImplementor session, Object key, Object value, SoftLock lock) {
      return protocol.afterUpdate(key, value, null, lock);
    }

    @Override
    public void remove(SharedSessionContractImplementor session, Object key) {
      protocol.remove(key);
    }
  }
}
