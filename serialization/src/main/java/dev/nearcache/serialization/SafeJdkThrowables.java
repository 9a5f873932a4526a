package dev.nearcache.serialization;

import java.util.Set;

/**
 * The JDK exceptions every codec allows without configuration, so that a cache can hold what a
 * method threw (JCache's {@code exceptionCacheName}, Spring's exception caches) and its causes.
 *
 * <p>Each class here, and each of its superclasses up to {@link Throwable}, keeps only strings,
 * numbers and other throwables, and rebuilds itself without calling methods of what it reads
 * ({@code Throwable.readObject} only checks the stack trace and the suppressed list), so an
 * instance made from crafted bytes is just an exception with odd text in it. {@code
 * SafeJdkThrowablesTest} checks the first part against the JDK that runs the tests. JDK exceptions
 * that hold other objects are left out on purpose: {@code
 * javax.management.BadAttributeValueExpException}, for one, calls {@code toString()} on what it
 * reads, a well-known first step of deserialization attacks.
 *
 * <p>Applications' own exception classes are allowed through {@code codec.allow} like any class;
 * the JDK superclasses they extend are in this set.
 */
final class SafeJdkThrowables {

  private SafeJdkThrowables() {}

  static final Set<String> NAMES =
      Set.of(
          // the hierarchy's roots, which every exception's serial form names
          "java.lang.Throwable",
          "java.lang.Exception",
          "java.lang.RuntimeException",
          "java.lang.Error",
          // a stack trace: strings and a line number
          "java.lang.StackTraceElement",
          // java.lang
          "java.lang.IllegalStateException",
          "java.lang.IllegalArgumentException",
          "java.lang.NullPointerException",
          "java.lang.UnsupportedOperationException",
          "java.lang.IndexOutOfBoundsException",
          "java.lang.ArrayIndexOutOfBoundsException",
          "java.lang.StringIndexOutOfBoundsException",
          "java.lang.ClassCastException",
          "java.lang.ArithmeticException",
          "java.lang.NumberFormatException",
          "java.lang.NegativeArraySizeException",
          "java.lang.ArrayStoreException",
          "java.lang.SecurityException",
          "java.lang.InterruptedException",
          "java.lang.CloneNotSupportedException",
          "java.lang.IllegalMonitorStateException",
          "java.lang.IllegalCallerException",
          "java.lang.TypeNotPresentException",
          "java.lang.AssertionError",
          "java.lang.ReflectiveOperationException",
          "java.lang.ClassNotFoundException",
          "java.lang.IllegalAccessException",
          "java.lang.InstantiationException",
          "java.lang.NoSuchFieldException",
          "java.lang.NoSuchMethodException",
          "java.lang.reflect.InvocationTargetException",
          "java.lang.reflect.UndeclaredThrowableException",
          // java.io, java.nio.file, java.net
          "java.io.IOException",
          "java.io.UncheckedIOException",
          "java.io.FileNotFoundException",
          "java.io.EOFException",
          "java.io.InterruptedIOException",
          "java.io.UnsupportedEncodingException",
          "java.io.UTFDataFormatException",
          "java.nio.file.FileSystemException",
          "java.nio.file.NoSuchFileException",
          "java.nio.file.AccessDeniedException",
          "java.nio.file.FileAlreadyExistsException",
          "java.net.URISyntaxException",
          "java.net.MalformedURLException",
          "java.net.UnknownHostException",
          "java.net.SocketException",
          "java.net.ConnectException",
          "java.net.SocketTimeoutException",
          // java.util, java.util.concurrent
          "java.util.NoSuchElementException",
          "java.util.ConcurrentModificationException",
          "java.util.MissingResourceException",
          "java.util.InputMismatchException",
          "java.util.EmptyStackException",
          "java.util.IllformedLocaleException",
          "java.util.concurrent.TimeoutException",
          "java.util.concurrent.ExecutionException",
          "java.util.concurrent.CancellationException",
          "java.util.concurrent.CompletionException",
          "java.util.concurrent.RejectedExecutionException",
          "java.util.concurrent.BrokenBarrierException",
          // java.time, java.sql
          "java.time.DateTimeException",
          "java.time.format.DateTimeParseException",
          "java.time.temporal.UnsupportedTemporalTypeException",
          "java.time.zone.ZoneRulesException",
          "java.sql.SQLException");

  static boolean isSafe(String className) {
    return NAMES.contains(className);
  }
}
