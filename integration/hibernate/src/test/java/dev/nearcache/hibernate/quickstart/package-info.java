/** docs/hibernate.md's quick start. */
package dev.nearcache.hibernate.quickstart;
