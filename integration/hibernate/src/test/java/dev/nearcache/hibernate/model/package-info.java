/** The test entities. */
package dev.nearcache.hibernate.model;
