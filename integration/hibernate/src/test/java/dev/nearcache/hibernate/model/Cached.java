package dev.nearcache.hibernate.model;

import java.util.List;

/** What the three test entities share: one per cache access type, with the same shape. */
public interface Cached {
  long getId();

  String getCode();

  String getName();

  void setName(String name);

  List<String> getTags();
}
