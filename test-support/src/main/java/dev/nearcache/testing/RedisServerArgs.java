package dev.nearcache.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Extra {@code redis-server} arguments for the server that {@link RedisServerExtension} starts for
 * the annotated test class, e.g. {@code @RedisServerArgs({"--requirepass", "secret",
 * "--enable-debug-command", "yes"})}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RedisServerArgs {
  String[] value();
}
