/**
 * The provider's configuration as applications see it: a YAML file (or built-in defaults)
 * overridden by a manager's {@link java.util.Properties}, read by {@link
 * dev.nearcache.jcache.config.SettingsLoader} into {@link
 * dev.nearcache.jcache.config.ProviderSettings} (a manager's are {@code
 * RedisCacheManager.settings()}), with {@link dev.nearcache.jcache.config.RedisSettings}, {@link
 * dev.nearcache.jcache.config.TlsSettings} and {@link dev.nearcache.jcache.config.RedisMode};
 * per-cache settings are read as {@code RedisCacheConfiguration}s. How they are read — the table
 * that declares every setting once (name, kind, default, bounds, documentation), the binders, the
 * YAML reader, the effective properties, the Redisson {@code Config} built from them — is in {@code
 * dev.nearcache.jcache.internal.config} and may change in any release; docs/configuration.md
 * (checked by a test against that table) is the reference.
 *
 * <pre>{@code
 * redis:
 *   mode: single                       # single | sentinel | cluster
 *   address: redis://127.0.0.1:6379    # single; rediss:// means TLS
 *   addresses: [redis://h1:26379]      # sentinel or cluster nodes
 *   master-name: mymaster              # sentinel only
 *   database: 0                        # must be 0 in cluster mode
 *   username: app
 *   password: ${REDIS_PASSWORD}
 *   client-name: my-service
 *   timeout: 3s
 *   connect-timeout: 10s
 *   connection-pool-size: 16
 *   connection-minimum-idle-size: 2
 *   subscription-connection-pool-size: 8
 *   threads: 0                         # Netty threads, 0 = Redisson's default
 *   tls:                               # only with a rediss:// address
 *     truststore: classpath:ts.p12     # a path, or a file:/classpath:/jar: URI
 *     truststore-password: ...
 *     keystore: ...
 *     keystore-password: ...
 *     verify-hostname: true
 *   redisson-config: classpath:redisson.yaml   # instead of all of the above
 *   max-entry-size: 512MiB             # largest encoded key or value sent (allowed with redisson-config)
 * key-prefix: "nc:"
 * codec:
 *   name: kryo
 *   allow: [com.example.model.**, com.example.Order]
 *   register: [com.example.Order]
 * defaults:
 *   segments: 16
 *   statistics: false
 *   management: false
 *   store-by-value: true
 *   expiry: {policy: eternal, duration: 10m}   # eternal|created|accessed|modified|touched
 *   near-cache: {enabled: true, maximum-size: 10000, maximum-local-lifetime: 10m, reconciliation-interval: 1s}
 * caches:
 *   orders:
 *     key-type: java.lang.String
 *     value-type: com.example.Order
 *     read-through: true
 *     loader: com.example.OrderLoader  # a CacheLoader, or a Factory of one
 *     writer: com.example.OrderWriter  # a CacheWriter, or a Factory of one
 *     segments: 32                     # and any other key of defaults
 * }</pre>
 *
 * <p>Durations: {@code 500ms}, {@code 2s}, {@code 10m}, {@code 1h}, {@code 1d}, a plain number of
 * milliseconds, or ISO-8601 ({@code PT10M}). Scalars are read as text, so {@code yes} is not a
 * boolean; {@code ~}, {@code null} or an empty value mean "not set" (quote a literal "null").
 * Properties use the dotted paths; cache names given through properties cannot contain dots.
 */
package dev.nearcache.jcache.config;
