package dev.nearcache.cdi.notallowed;

/** An exception whose class the test configuration's codec.allow does not list. */
public class UnstorableSkuException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnstorableSkuException(String sku) {
    super("cannot store " + sku);
  }
}
