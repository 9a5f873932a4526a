package dev.nearcache.jcache.internal.config;

import dev.nearcache.jcache.internal.config.SettingsTree.Entry;
import dev.nearcache.jcache.internal.config.SettingsTree.Section;
import dev.nearcache.jcache.internal.config.SettingsTree.Value;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML text into a {@link SettingsTree}. Scalars stay text (so {@code mode: yes} is the
 * string "yes", not a boolean); the binder converts and checks them. YAML nulls ({@code ~}, an
 * empty value) count as "not set". Anchors, aliases and merge keys ({@code <<}) work.
 */
final class YamlTreeReader {
  private YamlTreeReader() {}

  static Section read(String origin, String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setAllowRecursiveKeys(false);
    Node root;
    try {
      root = new Yaml(options).compose(new StringReader(text));
    } catch (YAMLException e) {
      throw SettingErrors.source(
          origin, "is not valid YAML: " + e.getMessage().replace('\n', ' '), e);
    }
    if (root == null || isNull(root)) {
      return new Section(origin, 1);
    }
    if (!(root instanceof MappingNode mapping)) {
      throw SettingErrors.source(
          origin,
          "must be a YAML mapping (key: value lines) at the top level, but is a "
              + root.getNodeId()
              + " (line "
              + line(root)
              + ")",
          null);
    }
    return section(origin, "", mapping);
  }

  private static Section section(String origin, String path, MappingNode mapping) {
    Section section = new Section(origin, line(mapping));
    List<NodeTuple> merged = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (keyNode instanceof ScalarNode key && key.getTag().equals(Tag.MERGE)) {
        collectMerge(origin, path, tuple.getValueNode(), merged);
        continue;
      }
      String key = key(origin, path, keyNode);
      if (section.children().containsKey(key)) {
        throw SettingErrors.invalid(
            origin,
            line(keyNode),
            SettingErrors.join(path, key),
            key,
            "each setting once (it is given twice)");
      }
      section
          .children()
          .put(key, entry(origin, SettingErrors.join(path, key), tuple.getValueNode()));
    }
    for (NodeTuple tuple : merged) {
      String key = key(origin, path, tuple.getKeyNode());
      if (!section.children().containsKey(key)) {
        section
            .children()
            .put(key, entry(origin, SettingErrors.join(path, key), tuple.getValueNode()));
      }
    }
    return section;
  }

  private static void collectMerge(String origin, String path, Node value, List<NodeTuple> into) {
    if (value instanceof MappingNode mapping) {
      into.addAll(mapping.getValue());
    } else if (value instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        collectMerge(origin, path, item, into);
      }
    } else {
      throw SettingErrors.invalid(
          origin,
          line(value),
          SettingErrors.join(path, "<<"),
          text(value),
          "a mapping or a list of mappings to merge");
    }
  }

  private static Entry entry(String origin, String path, Node node) {
    if (node instanceof MappingNode mapping) {
      return section(origin, path, mapping);
    }
    if (node instanceof SequenceNode sequence) {
      List<String> items = new ArrayList<>();
      for (Node item : sequence.getValue()) {
        if (!(item instanceof ScalarNode scalar)) {
          throw SettingErrors.invalid(
              origin,
              line(item),
              path,
              "(a nested " + item.getNodeId() + ")",
              "a list of plain values");
        }
        if (!isNull(scalar)) {
          items.add(scalar.getValue());
        }
      }
      return new Value(origin, line(node), items);
    }
    return new Value(origin, line(node), isNull(node) ? "" : ((ScalarNode) node).getValue());
  }

  private static String key(String origin, String path, Node keyNode) {
    if (!(keyNode instanceof ScalarNode scalar) || isNull(keyNode)) {
      throw SettingErrors.invalid(
          origin,
          line(keyNode),
          path.isEmpty() ? "(top level)" : path,
          text(keyNode),
          "plain text keys");
    }
    return scalar.getValue();
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  private static String text(Node node) {
    return node instanceof ScalarNode scalar ? scalar.getValue() : "(a " + node.getNodeId() + ")";
  }

  private static int line(Node node) {
    return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }
}
