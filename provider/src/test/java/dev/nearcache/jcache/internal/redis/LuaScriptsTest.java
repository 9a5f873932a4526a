package dev.nearcache.jcache.internal.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The scripts and the Java side share their vocabulary through {@link LuaConstants}: reply
 * statuses, change message kinds and get-many's tag bytes are written in the scripts by name only,
 * and the shared rules (clock, deadline, entry header, expiry codes, message format, access expiry)
 * are written once, in lib.lua. This test fails when a script spells one of them out by hand.
 */
class LuaScriptsTest {
  private static final List<String> FILES =
      List.of(
          "prelude",
          "get",
          "contains",
          "put",
          "remove",
          "compare",
          "touch",
          "clear-segment",
          "scan-segment",
          "meta",
          "get-many",
          "put-many");

  private static String read(String name) throws IOException {
    try (InputStream in = LuaScript.class.getResourceAsStream(name + ".lua")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The script's code without its comments. */
  private static String code(String name) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String line : read(name).split("\n", -1)) {
      int comment = line.indexOf("--");
      out.append(comment < 0 ? line : line.substring(0, comment)).append('\n');
    }
    return out.toString();
  }

  private static List<String> offences(Pattern pattern) throws IOException {
    List<String> found = new ArrayList<>();
    for (String file : FILES) {
      Matcher m = pattern.matcher(code(file));
      while (m.find()) {
        found.add(file + ".lua: " + m.group());
      }
    }
    return found;
  }

  @Test
  void statusesAreWrittenByName() throws IOException {
    assertEquals(List.of(), offences(Pattern.compile("reply\\(\\s*-?\\d")), "reply(<number>, ...)");
    assertEquals(
        List.of(), offences(Pattern.compile("return \\{\\s*-?\\d")), "return {<number>, ...}");
    assertEquals(
        List.of(),
        offences(Pattern.compile("perKey\\[p \\+ 1\\].*= -?\\d")),
        "put-many's status by number");
  }

  @Test
  void messageKindsAndTagsAreWrittenByName() throws IOException {
    assertEquals(List.of(), offences(Pattern.compile("publish\\(\\s*'")), "publish('<kind>')");
    assertEquals(
        List.of(), offences(Pattern.compile("'\\|[A-Za-z]\\|'")), "'|<kind>|' spelled out");
    assertEquals(List.of(), offences(Pattern.compile("'\\\\2\\d\\d")), "a tag byte spelled out");
  }

  @Test
  void sharedRulesAreWrittenOnceInLib() throws IOException {
    assertEquals(
        List.of(),
        offences(Pattern.compile("redis\\.call\\('TIME'\\)")),
        "the clock is lib.lua's serverClock");
    assertEquals(
        List.of(), offences(Pattern.compile("NCFENCED")), "the deadline is lib.lua's fenceError");
    assertEquals(
        List.of(),
        offences(Pattern.compile("struct\\.unpack\\('>dd'")),
        "the header is read by lib.lua's header");
    assertEquals(
        List.of(),
        offences(Pattern.compile("'\\|' \\.\\. (ORIGIN|ARGV\\[1\\])")),
        "messages are built by lib.lua's changeMessage");
    assertTrue(code("lib").contains("local function serverClock()"));
  }

  @Test
  void everyScriptStartsWithTheGeneratedConstantsAndTheLibrary() {
    for (LuaScript script : LuaScript.values()) {
      assertTrue(
          script.text().startsWith(LuaConstants.TEXT), script + " starts with the constants");
      assertTrue(script.text().contains("local function fenceError("), script + " has the library");
    }
    assertTrue(LuaConstants.TEXT.contains("local S_HIT = 6\n"), LuaConstants.TEXT);
    assertTrue(LuaConstants.TEXT.contains("local K_BULK_WRITE = 'M'\n"), LuaConstants.TEXT);
    assertTrue(LuaConstants.TEXT.contains("local T_FOUND_EXPIRED = '\\247'\n"), LuaConstants.TEXT);
  }

  @Test
  void codesAreDistinct() {
    assertEquals(
        ReplyStatus.values().length,
        java.util.Arrays.stream(ReplyStatus.values())
            .mapToInt(ReplyStatus::code)
            .distinct()
            .count());
    for (ReplyStatus s : ReplyStatus.values()) {
      assertEquals(s, ReplyStatus.ofCode(s.code()));
    }
    for (ChangeKind k : ChangeKind.values()) {
      assertEquals(k, ChangeKind.of(k.code()));
    }
  }
}
