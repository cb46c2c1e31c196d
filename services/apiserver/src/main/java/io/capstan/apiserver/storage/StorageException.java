package io.capstan.apiserver.storage;

/** A storage failure the registry turns into the matching Kubernetes Status. */
public class StorageException extends RuntimeException {

  public enum Code { KEY_EXISTS, NOT_FOUND, CONFLICT, COMPACTED, UNAVAILABLE }

  private final Code code;
  private final String key;

  public StorageException(Code code, String key, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.key = key;
  }

  public StorageException(Code code, String key, String message) {
    this(code, key, message, null);
  }

  public Code code() { return code; }
  public String key() { return key; }
}
