package dev.nearcache.cdi.beans;

public class UnknownSkuException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnknownSkuException(String sku) {
    super("unknown sku " + sku);
  }
}
