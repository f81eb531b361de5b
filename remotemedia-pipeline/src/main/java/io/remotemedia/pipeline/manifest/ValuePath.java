package io.remotemedia.pipeline.manifest;

/**
 * The path of a value in a manifest ({@code nodes[2].params.gain_db}), made as the tree is read
 * one key or index at a time, whose text is made only when it is asked for: a document of long
 * keys nested deep would otherwise make a text as long as all its keys for every value in it,
 * and a megabyte of such a document ran out of memory. Immutable.
 */
final class ValuePath {
  /** The path of the document itself: empty. */
  static final ValuePath ROOT = new ValuePath(null, "", 0);

  private final ValuePath parent;
  /** The key, or the index in brackets, that this path adds to its parent's. */
  private final String segment;
  private final int length;

  private ValuePath(ValuePath parent, String segment, int length) {
    this.parent = parent;
    this.segment = segment;
    this.length = length;
  }

  /** {@return the path of the value at {@code key} of the object at this path} */
  ValuePath key(String key) {
    return this == ROOT ? new ValuePath(this, key, key.length())
        : new ValuePath(this, "." + key, length + 1 + key.length());
  }

  /** {@return the path of the value at {@code index} of the list at this path} */
  ValuePath index(int index) {
    String segment = "[" + index + "]";
    return new ValuePath(this, segment, length + segment.length());
  }

  /** {@return the length of the path's text, without making it} */
  int length() {
    return length;
  }

  @Override
  public String toString() {
    char[] text = new char[length];
    int end = length;
    for (ValuePath path = this; path != ROOT; path = path.parent) {
      end -= path.segment.length();
      path.segment.getChars(0, path.segment.length(), text, end);
    }
    return new String(text);
  }
}
