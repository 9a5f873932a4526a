package dev.nearcache.jcache.internal.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Turns the places a file can be named — a path, a {@code file:} URI, {@code classpath:name}, or a
 * {@code jar:file:...!/name} URL — into a URL, and reads it.
 */
final class Locations {
  static final String ALLOWED =
      "a readable file: a path, a file: URI, classpath:name or a jar:file:...!/name URL";

  private Locations() {}

  /** Raised when a location cannot be resolved or read; the message is the reason alone. */
  static final class LocationException extends Exception {
    private static final long serialVersionUID = 1L;

    LocationException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  /** Whether the URI names a file this class can read (otherwise it is a manager's name). */
  static boolean isReadable(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null) {
      return false;
    }
    return switch (scheme.toLowerCase(Locale.ROOT)) {
      case "file", "jar", "classpath" -> true;
      default -> false;
    };
  }

  /** Resolves a path or URI text. */
  static URL resolve(String location, ClassLoader classLoader) throws LocationException {
    String lower = location.toLowerCase(Locale.ROOT);
    if (lower.startsWith("classpath:") || lower.startsWith("file:") || lower.startsWith("jar:")) {
      try {
        return resolve(new URI(location), classLoader);
      } catch (URISyntaxException e) {
        throw new LocationException("not a valid URI: " + e.getMessage(), e);
      }
    }
    try {
      return existingFile(Path.of(location));
    } catch (InvalidPathException e) {
      throw new LocationException("not a valid path: " + e.getMessage(), e);
    }
  }

  /** Resolves a {@code file:}, {@code jar:} or {@code classpath:} URI. */
  static URL resolve(URI uri, ClassLoader classLoader) throws LocationException {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return switch (scheme) {
      case "file" -> existingFile(toPath(uri));
      case "jar" -> {
        try {
          yield uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
          throw new LocationException("not a valid jar URL: " + e.getMessage(), e);
        }
      }
      case "classpath" -> resource(uri.getSchemeSpecificPart(), classLoader);
      default ->
          throw new LocationException(
              "the scheme '" + uri.getScheme() + "' is not one of file, jar, classpath", null);
    };
  }

  static String read(URL url) throws LocationException {
    try (InputStream in = open(url)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new LocationException(reason(e), e);
    }
  }

  static InputStream open(URL url) throws IOException {
    URLConnection connection = url.openConnection();
    connection.setUseCaches(false); // do not keep jar files open
    return connection.getInputStream();
  }

  static String describe(Path path) {
    return path.toAbsolutePath().toFile().toURI().toString();
  }

  static String reason(IOException e) {
    if (e instanceof NoSuchFileException || e instanceof java.io.FileNotFoundException) {
      return "not found (" + e.getMessage() + ")";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied (" + e.getMessage() + ")";
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  private static Path toPath(URI uri) throws LocationException {
    try {
      if (uri.isOpaque()) { // file:relative/path
        return Path.of(uri.getSchemeSpecificPart());
      }
      return Path.of(uri);
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      throw new LocationException("not a valid file URI: " + e.getMessage(), e);
    }
  }

  private static URL existingFile(Path path) throws LocationException {
    if (!Files.exists(path)) {
      throw new LocationException("file not found: " + path.toAbsolutePath(), null);
    }
    if (Files.isDirectory(path)) {
      throw new LocationException("is a directory: " + path.toAbsolutePath(), null);
    }
    if (!Files.isReadable(path)) {
      throw new LocationException("permission denied: " + path.toAbsolutePath(), null);
    }
    try {
      return path.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new LocationException(e.getMessage(), e);
    }
  }

  private static URL resource(String name, ClassLoader classLoader) throws LocationException {
    String resource = name == null ? "" : name.trim();
    while (resource.startsWith("/")) {
      resource = resource.substring(1);
    }
    if (resource.isEmpty()) {
      throw new LocationException("classpath: names no resource", null);
    }
    URL url = classLoader == null ? null : classLoader.getResource(resource);
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (url == null && context != null && context != classLoader) {
      url = context.getResource(resource);
    }
    if (url == null) {
      throw new LocationException("resource '" + resource + "' not found on the class path", null);
    }
    return url;
  }
}
