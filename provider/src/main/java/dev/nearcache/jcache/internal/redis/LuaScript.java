package dev.nearcache.jcache.internal.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One Lua script of the Redis tier: its text and the SHA-1 that EVALSHA names it by. */
public enum LuaScript {
  GET("get", true),
  CONTAINS("contains", true),
  PUT("put", true),
  REMOVE("remove", true),
  COMPARE("compare", true),
  TOUCH("touch", true),
  CLEAR_SEGMENT("clear-segment", false),
  SCAN_SEGMENT("scan-segment", false),
  META("meta", false),
  GET_MANY("get-many", false),
  PUT_MANY("put-many", false);

  private final String text;
  private final String sha;
  private final String file;

  /**
   * @param withPrelude whether the script works on one entry and starts with prelude.lua (which
   *     reads its KEYS and ARGV); every script starts with the generated constants and lib.lua
   */
  LuaScript(String file, boolean withPrelude) {
    this.file = file;
    String body = read(file);
    this.text = LuaConstants.TEXT + Library.TEXT + (withPrelude ? Library.PRELUDE : "") + body;
    this.sha = sha1(text);
  }

  /**
   * lib.lua and prelude.lua, read once (an enum's constructor cannot read its own static fields).
   */
  private static final class Library {
    static final String TEXT = read("lib") + "\n";
    static final String PRELUDE = read("prelude") + "\n";
  }

  /** What the script does, for error messages: its file name ({@code put}, {@code get-many}...). */
  public String operation() {
    return file;
  }

  public String text() {
    return text;
  }

  public String sha() {
    return sha;
  }

  private static String read(String name) {
    String path = name + ".lua";
    try (InputStream in = LuaScript.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing script resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read script resource " + path, e);
    }
  }

  private static String sha1(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-1");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
