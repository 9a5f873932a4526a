package dev.nearcache.serialization;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

/**
 * Kryo's class resolver with the allow-list enforced at the two places where Kryo meets a class it
 * has not seen before:
 *
 * <ul>
 *   <li>{@link #getTypeByName}: Kryo 5.6.2's {@code readName} asks it first and only calls {@code
 *       Class.forName} when it returns null. Checking the <em>name</em> here refuses forbidden
 *       bytes before the class is loaded, so no static initialiser of a gadget class can ever run.
 *   <li>{@link #registerImplicit}: every unregistered class goes through it once per Kryo instance,
 *       when written and when read (also for classes implied by a field's declared type, which the
 *       bytes never name), so encoding a forbidden class fails early with a helpful message.
 * </ul>
 *
 * Registration stays optional ({@code registrationRequired=false}): unregistered allowed classes
 * are written by name, which keeps applications with different registration lists interoperable.
 */
@SuppressWarnings("rawtypes") // DefaultClassResolver's API uses raw Class; overrides must match it
final class GuardedClassResolver extends DefaultClassResolver {

  private final AllowList allowList;

  /** The outermost class read since {@link #beginRead()}, for error messages. */
  private String rootClassName;

  GuardedClassResolver(AllowList allowList) {
    this.allowList = allowList;
  }

  void beginRead() {
    rootClassName = null;
  }

  String rootClassName() {
    return rootClassName;
  }

  @Override
  public Registration registerImplicit(Class type) {
    if (!allowList.allows(type)) {
      throw SerializationFailures.notAllowed(type.getName());
    }
    return super.registerImplicit(type);
  }

  @Override
  protected Class getTypeByName(String className) {
    Class known = super.getTypeByName(className);
    if (known != null) {
      return known; // resolved (and checked) earlier by this Kryo instance
    }
    if (!allowList.allows(className)) {
      throw SerializationFailures.notAllowed(className);
    }
    return null; // Kryo now loads it with Class.forName(name, initialize=false, loader)
  }

  @Override
  public Registration readClass(Input input) {
    Registration registration = super.readClass(input);
    if (rootClassName == null && registration != null) {
      rootClassName = registration.getType().getName();
    }
    return registration;
  }
}
