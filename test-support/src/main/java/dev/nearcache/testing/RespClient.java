package dev.nearcache.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tiny blocking RESP client over a plain socket, for tests that need to look at or poke the
 * server they started: {@code INFO commandstats}, {@code CONFIG RESETSTAT}, {@code CLIENT KILL},
 * {@code DBSIZE}, {@code FLUSHALL}, {@code DEBUG SLEEP}...
 *
 * <p>Replies of {@link #call}: simple and bulk strings as {@link String}, integers as {@link Long},
 * nil as {@code null}, arrays (and RESP3 sets/pushes) as {@code List<Object>}, RESP3 maps as {@code
 * Map<Object, Object>}, doubles as {@link Double}, booleans as {@link Boolean}. An error reply
 * throws {@link RedisErrorException}; a broken connection throws {@link UncheckedIOException}. Not
 * thread-safe: one client per thread.
 */
public final class RespClient implements AutoCloseable {

  /** A {@code -ERR ...} style reply from the server. */
  public static final class RedisErrorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RedisErrorException(String message) {
      super(message);
    }

    /** The first word of the error, e.g. {@code ERR}, {@code NOAUTH}, {@code WRONGPASS}. */
    public String code() {
      String m = getMessage();
      int space = m.indexOf(' ');
      return space < 0 ? m : m.substring(0, space);
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RespClient(String host, int port) {
    this(host, port, 10_000);
  }

  public RespClient(String host, int port, int timeoutMillis) {
    Socket s = new Socket();
    try {
      s.setTcpNoDelay(true);
      s.setSoTimeout(timeoutMillis);
      s.connect(new InetSocketAddress(host, port), timeoutMillis);
      this.socket = s;
      this.in = new BufferedInputStream(s.getInputStream());
      this.out = new BufferedOutputStream(s.getOutputStream());
    } catch (IOException e) {
      try {
        s.close();
      } catch (IOException ignored) {
        // nothing to do
      }
      throw new UncheckedIOException("cannot connect to redis at " + host + ":" + port, e);
    }
  }

  /** Sends one command and returns the decoded reply (see the class comment for the types). */
  public Object call(String... args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    return callBytes(bytes);
  }

  /**
   * {@link #call(String...)} with arguments given as bytes (keys that are not UTF-8 text, such as a
   * cache's encoded keys).
   */
  public Object callBytes(byte[]... args) {
    if (args.length == 0) {
      throw new IllegalArgumentException("no command");
    }
    try {
      write(args);
      return read();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "redis command " + new String(args[0], StandardCharsets.UTF_8) + " failed", e);
    }
  }

  /**
   * Sends one command and returns the reply as text: strings as they are, numbers in decimal, nil
   * as {@code null}, arrays with one element per line.
   */
  public String command(String... args) {
    return render(call(args));
  }

  /** {@code AUTH password}. */
  public RespClient auth(String password) {
    call("AUTH", password);
    return this;
  }

  /** {@code AUTH user password} (ACL users). */
  public RespClient auth(String user, String password) {
    call("AUTH", user, password);
    return this;
  }

  public String ping() {
    return command("PING");
  }

  public long dbSize() {
    return (Long) call("DBSIZE");
  }

  public void flushAll() {
    call("FLUSHALL");
  }

  /** This connection's client id ({@code CLIENT ID}), e.g. to kill it from another client. */
  public long clientId() {
    return (Long) call("CLIENT", "ID");
  }

  /** {@code INFO section} parsed into key/value pairs (section headers and blanks dropped). */
  public Map<String, String> info(String section) {
    String text = command("INFO", section);
    Map<String, String> result = new LinkedHashMap<>();
    for (String line : text.split("\r?\n", -1)) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        result.put(line.substring(0, colon), line.substring(colon + 1));
      }
    }
    return result;
  }

  /**
   * Calls per command from {@code INFO commandstats}, keyed by lower-case command name ({@code
   * "evalsha"}, {@code "get"}, {@code "client|kill"}...). Reset with {@code CONFIG RESETSTAT}.
   */
  public Map<String, Long> commandCalls() {
    Map<String, Long> result = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : info("commandstats").entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("cmdstat_")) {
        continue;
      }
      for (String field : e.getValue().split(",", -1)) {
        if (field.startsWith("calls=")) {
          result.put(key.substring("cmdstat_".length()), Long.parseLong(field.substring(6)));
        }
      }
    }
    return result;
  }

  /** Calls of one command since the last {@code CONFIG RESETSTAT} (0 if never called). */
  public long commandCalls(String command) {
    return commandCalls().getOrDefault(command.toLowerCase(java.util.Locale.ROOT), 0L);
  }

  public boolean isClosed() {
    return socket.isClosed();
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  // ---------------------------------------------------------------------------------------------

  private void write(byte[][] args) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
    buf.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] bytes : args) {
      buf.write(
          ('$' + Integer.toString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      buf.write(bytes);
      buf.write('\r');
      buf.write('\n');
    }
    buf.writeTo(out);
    out.flush();
  }

  private Object read() throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by server");
    }
    // Each arm is boxed on its own (the switch's type is the method's Object): a long stays a Long.
    return switch (type) {
      case '+' -> readLine();
      case '-', '!' -> {
        String message = type == '-' ? readLine() : readBulk(Integer.parseInt(readLine()));
        throw new RedisErrorException(message);
      }
      case ':' -> Long.parseLong(readLine());
      case '(' -> new java.math.BigInteger(readLine());
      case ',' -> parseDouble(readLine());
      case '#' -> "t".equals(readLine());
      case '_' -> {
        readLine();
        yield null;
      }
      case '$', '=' -> {
        int length = Integer.parseInt(readLine());
        if (length < 0) {
          yield null;
        }
        String s = readBulk(length);
        yield type == '=' && s.length() >= 4 ? s.substring(4) : s; // verbatim: drop "txt:"
      }
      case '*', '~', '>' -> {
        int count = Integer.parseInt(readLine());
        if (count < 0) {
          yield null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          items.add(readNested());
        }
        yield items;
      }
      case '%' -> {
        int count = Integer.parseInt(readLine());
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
          Object key = readNested();
          map.put(key, readNested());
        }
        yield map;
      }
      case '|' -> { // attributes: skip them, return what follows
        int count = Integer.parseInt(readLine());
        for (int i = 0; i < 2 * count; i++) {
          readNested();
        }
        yield read();
      }
      default ->
          throw new IOException("unexpected RESP type byte '" + (char) type + "' (" + type + ")");
    };
  }

  /** Inside aggregates an error element is a value, not a reason to abandon the reply. */
  private Object readNested() throws IOException {
    try {
      return read();
    } catch (RedisErrorException e) {
      return e;
    }
  }

  private String readBulk(int length) throws IOException {
    byte[] bytes = in.readNBytes(length);
    if (bytes.length < length) {
      throw new EOFException("connection closed in a bulk reply");
    }
    readLine(); // the CRLF after the payload
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(32);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed in a reply line");
      }
      if (b == '\r') {
        int next = in.read();
        if (next == '\n') {
          return line.toString(StandardCharsets.UTF_8);
        }
        line.write(b);
        if (next < 0) {
          throw new EOFException("connection closed in a reply line");
        }
        line.write(next);
      } else {
        line.write(b);
      }
    }
  }

  private static Double parseDouble(String s) {
    return switch (s) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  private static String render(Object reply) {
    if (reply == null) {
      return null;
    }
    if (reply instanceof List<?> list) {
      List<String> lines = new ArrayList<>(list.size());
      for (Object item : list) {
        lines.add(render(item));
      }
      return String.join("\n", lines);
    }
    if (reply instanceof Map<?, ?> map) {
      List<String> lines = new ArrayList<>(map.size());
      for (Map.Entry<?, ?> e : map.entrySet()) {
        lines.add(render(e.getKey()) + "=" + render(e.getValue()));
      }
      return String.join("\n", lines);
    }
    if (reply instanceof RedisErrorException e) {
      return e.getMessage();
    }
    return String.valueOf(reply);
  }

  /** For tests that want an immutable view of an array reply. */
  @SuppressWarnings("unchecked")
  public static List<Object> asList(Object reply) {
    return reply == null
        ? Collections.emptyList()
        : Collections.unmodifiableList((List<Object>) reply);
  }
}
