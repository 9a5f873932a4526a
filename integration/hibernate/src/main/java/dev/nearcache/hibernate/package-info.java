/**
 * Hibernate ORM's second-level cache over nearcache: {@link
 * dev.nearcache.hibernate.NearCacheRegionFactory} (selected with {@code
 * hibernate.cache.region.factory_class=nearcache}) and {@link
 * dev.nearcache.hibernate.HibernateAllowedClasses}, the allow-list entries for the types Hibernate
 * stores. See docs/hibernate.md.
 */
package dev.nearcache.hibernate;
