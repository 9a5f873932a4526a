package dev.nearcache.jcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The provider's jar carries Redisson relocated inside it, and its POM declares Redisson optional,
 * so Redisson's own run-time dependencies reach users only because provider/pom.xml lists them
 * itself. When Redisson is upgraded and its list changes, this test names what to add or remove,
 * before a user meets a NoClassDefFoundError.
 */
class ShadedRedissonDependenciesTest {

  @Test
  void theProviderDeclaresEveryRunTimeDependencyOfTheRedissonItShades() throws Exception {
    Document redisson;
    try (InputStream in =
        getClass()
            .getClassLoader()
            .getResourceAsStream("META-INF/maven/org.redisson/redisson/pom.xml")) {
      assertNotNull(in, "Redisson's POM inside its jar");
      redisson = parse(in);
    }
    Document provider;
    try (InputStream in = Files.newInputStream(Path.of("pom.xml"))) {
      provider = parse(in);
    }
    Set<String> needed = runTimeDependencies(redisson);
    Set<String> declared = runTimeDependencies(provider);
    Set<String> missing = new TreeSet<>(needed);
    missing.removeAll(declared);
    assertEquals(
        Set.of(), missing, "add these to provider/pom.xml (Redisson needs them at run time)");
  }

  /**
   * groupId:artifactId of the project's own dependencies that are neither test, provided nor
   * optional.
   */
  private static Set<String> runTimeDependencies(Document pom) {
    Set<String> result = new TreeSet<>();
    Element dependencies = child(pom.getDocumentElement(), "dependencies");
    NodeList list = dependencies.getElementsByTagName("dependency");
    for (int i = 0; i < list.getLength(); i++) {
      Element dependency = (Element) list.item(i);
      String scope = text(dependency, "scope", "compile");
      boolean optional = Boolean.parseBoolean(text(dependency, "optional", "false"));
      if (!optional && (scope.equals("compile") || scope.equals("runtime"))) {
        result.add(text(dependency, "groupId", "") + ":" + text(dependency, "artifactId", ""));
      }
    }
    return result;
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no <" + name + "> under <" + parent.getTagName() + ">");
  }

  private static String text(Element parent, String name, String absent) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().trim();
      }
    }
    return absent;
  }

  private static Document parse(InputStream in) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(in);
  }
}
