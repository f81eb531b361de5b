package io.remotemedia.bench.load;

/**
 * How one call ended.
 *
 * @param errorCode the gRPC status code name, or the pipeline error kind of a local run; null
 *     for a success
 * @param serverWallMs the server's pipeline wall time reported in the response; 0 if none
 * @param serializationMs the server's audio encoding plus decoding time; 0 if none
 */
record CallOutcome(String errorCode, double serverWallMs, double serializationMs) {
  static final CallOutcome OK = new CallOutcome(null, 0, 0);

  static CallOutcome failed(String errorCode) {
    return new CallOutcome(errorCode, 0, 0);
  }

  boolean ok() {
    return errorCode == null;
  }
}
