package dev.nearcache.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A batch of distinct keys for getAll/putAll, prepared in every form the peers' APIs take. */
public final class KeyBatch {
  private final Set<String> keySet;
  private final String[] keyArray;
  private final Map<String, String> entries;

  public KeyBatch(String[] keys, String[] values) {
    this.keyArray = keys.clone();
    LinkedHashSet<String> set = new LinkedHashSet<>();
    Collections.addAll(set, keys);
    this.keySet = Collections.unmodifiableSet(set);
    LinkedHashMap<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keys.length; i++) {
      map.put(keys[i], values[i]);
    }
    this.entries = Collections.unmodifiableMap(map);
  }

  public Set<String> keySet() {
    return keySet;
  }

  /** Shared: callers must not modify it. */
  public String[] keyArray() {
    return keyArray;
  }

  public Map<String, String> entries() {
    return entries;
  }

  public int size() {
    return keyArray.length;
  }
}
