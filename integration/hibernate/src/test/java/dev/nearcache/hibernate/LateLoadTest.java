package dev.nearcache.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.nearcache.hibernate.model.Cached;
import dev.nearcache.hibernate.model.NonStrictAuthor;
import dev.nearcache.hibernate.model.ReadOnlyCountry;
import dev.nearcache.hibernate.model.ReadWriteBook;
import java.util.List;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cache.spi.access.CollectionDataAccess;
import org.hibernate.cache.spi.access.EntityDataAccess;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The interleaving behind stale second-level cache entries, one step at a time: node A's session
 * reads a row (the state it would put into the cache), node B changes the row and commits, and only
 * then does A's load put what it read. Hibernate's NONSTRICT_READ_WRITE and READ_ONLY strategies
 * put it (B's change removed the entry, and a load fills whatever is absent), so every node then
 * reads the state before B's commit until the next change or expiry. Ours refuse it: B's change
 * left an invalidation newer than A's transaction (or, under READ_WRITE, B's new item), and the
 * refusal is decided in Redis, so it holds whichever JVM A and B run in.
 */
@ExtendWith(Backends.class)
class LateLoadTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {NonStrictAuthor.class, ReadWriteBook.class})
  void aLoadThatReadBeforeAnUpdateCommittedDoesNotPutItsStateAfterIt(Class<? extends Cached> type) {
    long id = Factories.nextId();
    try (SessionFactory a = Factories.build("urn:late-load-a");
        SessionFactory b = Factories.build("urn:late-load-b")) {
      a.inTransaction(s -> s.persist(Entities.create(type, id, "c" + id, "old", List.of("old"))));
      a.inSession(s -> assertEquals(List.of("old"), List.copyOf(s.find(type, id).getTags())));
      EntityDataAccess entities = entityAccess(a, type);
      CollectionDataAccess collections = collectionAccess(a, type);
      Object entityKey = entityKey(a, type, id);
      Object collectionKey = collectionKey(a, type, id);
      // What A's load read from the database: the state in the cache now.
      Object oldEntity = cached(a, s -> entities.get(s, entityKey));
      Object oldCollection = cached(a, s -> collections.get(s, collectionKey));
      assertNotNull(oldEntity, "entity cached");
      assertNotNull(oldCollection, "collection cached");

      try (Session late = a.openSession()) { // its transaction began before B's update
        b.inTransaction(
            s -> {
              Cached found = s.find(type, id);
              found.setName("new");
              found.getTags().set(0, "new");
            });
        SharedSessionContractImplementor session = (SharedSessionContractImplementor) late;
        assertFalse(entities.putFromLoad(session, entityKey, oldEntity, null, false), "entity put");
        assertFalse(
            collections.putFromLoad(session, collectionKey, oldCollection, null, false),
            "collection put");
      }
      for (SessionFactory node : List.of(a, b)) {
        SecondLevelCacheTest.eventually(
            () ->
                node.inSession(
                    s -> {
                      Cached found = s.find(type, id);
                      assertEquals("new", found.getName());
                      assertEquals(List.of("new"), List.copyOf(found.getTags()));
                    }));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(classes = {ReadOnlyCountry.class})
  void aLoadThatReadBeforeADeleteCommittedDoesNotPutTheDeletedRow(Class<? extends Cached> type) {
    long id = Factories.nextId();
    try (SessionFactory a = Factories.build("urn:late-load-a");
        SessionFactory b = Factories.build("urn:late-load-b")) {
      a.inTransaction(s -> s.persist(Entities.create(type, id, "c" + id, "old", List.of("old"))));
      a.inSession(s -> assertEquals("old", s.find(type, id).getName()));
      EntityDataAccess entities = entityAccess(a, type);
      Object entityKey = entityKey(a, type, id);
      Object oldEntity = cached(a, s -> entities.get(s, entityKey));
      assertNotNull(oldEntity, "entity cached");

      try (Session late = a.openSession()) {
        b.inTransaction(s -> s.remove(s.find(type, id)));
        SharedSessionContractImplementor session = (SharedSessionContractImplementor) late;
        assertFalse(entities.putFromLoad(session, entityKey, oldEntity, null, false), "entity put");
      }
      for (SessionFactory node : List.of(a, b)) {
        SecondLevelCacheTest.eventually(() -> node.inSession(s -> assertNull(s.find(type, id))));
      }
    }
  }

  private interface CacheRead {
    Object read(SharedSessionContractImplementor session);
  }

  private static Object cached(SessionFactory factory, CacheRead read) {
    try (Session session = factory.openSession()) {
      return read.read((SharedSessionContractImplementor) session);
    }
  }

  private static EntityPersister persister(SessionFactory factory, Class<?> type) {
    return factory
        .unwrap(SessionFactoryImplementor.class)
        .getMappingMetamodel()
        .getEntityDescriptor(type);
  }

  private static EntityDataAccess entityAccess(SessionFactory factory, Class<?> type) {
    return persister(factory, type).getCacheAccessStrategy();
  }

  private static Object entityKey(SessionFactory factory, Class<?> type, long id) {
    return entityAccess(factory, type)
        .generateCacheKey(
            id, persister(factory, type), factory.unwrap(SessionFactoryImplementor.class), null);
  }

  private static CollectionPersister collectionPersister(SessionFactory factory, Class<?> type) {
    return factory
        .unwrap(SessionFactoryImplementor.class)
        .getMappingMetamodel()
        .getCollectionDescriptor(type.getName() + ".tags");
  }

  private static CollectionDataAccess collectionAccess(SessionFactory factory, Class<?> type) {
    return collectionPersister(factory, type).getCacheAccessStrategy();
  }

  private static Object collectionKey(SessionFactory factory, Class<?> type, long id) {
    return collectionAccess(factory, type)
        .generateCacheKey(
            id,
            collectionPersister(factory, type),
            factory.unwrap(SessionFactoryImplementor.class),
            null);
  }
}
