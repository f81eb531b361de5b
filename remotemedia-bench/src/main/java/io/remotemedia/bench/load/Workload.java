package io.remotemedia.bench.load;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.wav.WavReader;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.io.IOException;

/**
 * What a scenario sends: a manifest, the node its input goes to, and the input audio.
 *
 * @param manifest the pipeline
 * @param sourceId the node the input goes to
 * @param input the whole input (a unary request; streams cut it into chunks)
 */
record Workload(PipelineManifest manifest, String sourceId, AudioBuffer input) {
  /** The scenarios' pipeline: 44.1 kHz to 16 kHz at the default quality. */
  static final String RESAMPLE_MANIFEST = """
      {"version": "v1",
       "metadata": {"name": "resample-16k", "description": "44.1 kHz to 16 kHz"},
       "nodes": [{"id": "resample", "node_type": "AudioResample",
                  "params": {"target_sample_rate": 16000}}],
       "connections": []}
      """;
  /**
   * The streams scenario's pipeline: 44.1 kHz to 16 kHz at the default quality, then voice
   * activity detection (default mode) on the 16 kHz audio, which passes the audio on.
   */
  static final String RESAMPLE_VAD_MANIFEST = """
      {"version": "v1",
       "metadata": {"name": "resample-16k-vad", "description": "44.1 kHz to 16 kHz, then VAD"},
       "nodes": [{"id": "resample", "node_type": "AudioResample",
                  "params": {"target_sample_rate": 16000}},
                 {"id": "vad", "node_type": "VAD", "params": {}}],
       "connections": [{"from": "resample", "to": "vad"}]}
      """;
  static final int SIGNAL_RATE_HZ = 44_100;

  /**
   * Builds the workload of {@code options}: its manifest and input files, or the scenario's.
   *
   * @throws IOException if a file cannot be read
   */
  static Workload of(LoadOptions options) throws IOException {
    ManifestParser parser = new ManifestParser();
    PipelineManifest manifest = options.manifest().isPresent()
        ? parser.parse(options.manifest().get())
        : parser.parse(options.scenario().kind() == Scenario.Kind.STREAM
            ? RESAMPLE_VAD_MANIFEST : RESAMPLE_MANIFEST);
    String source = options.source().orElseGet(() -> manifest.nodes().get(0).id());
    AudioBuffer input = options.input().isPresent()
        ? new WavReader().read(options.input().get()).toAudioBuffer()
        : sine(Math.max(options.scenario().signalSeconds(), options.chunkMs() / 1000.0));
    return new Workload(manifest, source, input);
  }

  /** Returns the unary request. */
  ExecutionRequest request() {
    return ExecutionRequest.of(manifest, sourceId, input);
  }

  /** Size of the serialized ExecuteRequest, in bytes: what the echo floor sends. */
  int requestWireBytes() {
    return ExecutionWire.toProto(request(), ProtocolVersions.CURRENT).getSerializedSize();
  }

  /**
   * Size of the serialized ExecuteResponse, in bytes, from one local run: what the echo floor
   * answers.
   */
  int responseWireBytes() {
    return ExecutionWire.toProto(LocalPipelineRunner.create().execute(request()))
        .getSerializedSize();
  }

  /** Size of a serialized stream chunk message (StreamRequest), in bytes: what the echo sends. */
  int streamChunkWireBytes(int chunkMs) {
    return StreamWire.chunk(0, chunks(chunkMs)[0]).getSerializedSize();
  }

  /**
   * Mean size of a serialized stream result message (StreamResponse), in bytes, in the steady
   * state of a local stream (10 s of chunks, cycling the input, after a first second left out
   * for the filters' delay): the echo floor answers every chunk with this, so it returns the
   * server's bytes per second. The resampler may answer in blocks, some chunks getting an empty
   * result and others several chunks' worth.
   */
  int streamResultWireBytes(int chunkMs) {
    AudioBuffer[] chunks = chunks(chunkMs);
    int settle = Math.max(1, 1000 / chunkMs);
    int measured = 10 * settle;
    long total = 0;
    try (PipelineStream stream = LocalPipelineRunner.create()
        .openStream(OpenStreamRequest.of(manifest, input.format()))) {
      for (int i = 0; i < settle + measured; i++) {
        int bytes = StreamWire.toProto(stream.push(i, chunks[i % chunks.length]))
            .getSerializedSize();
        total += i < settle ? 0 : bytes;
      }
    }
    return (int) Math.round((double) total / measured);
  }

  /** A 440 Hz sine at half scale, mono float, {@code seconds} long. */
  static AudioBuffer sine(double seconds) {
    int frames = (int) Math.round(seconds * SIGNAL_RATE_HZ);
    float[] samples = new float[frames];
    for (int i = 0; i < frames; i++) {
      samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440.0 * i / SIGNAL_RATE_HZ));
    }
    return AudioBuffer.of(AudioFormat.f32(SIGNAL_RATE_HZ, 1), samples);
  }

  /** Cuts the input into chunks of {@code chunkMs}, dropping a last partial chunk. */
  AudioBuffer[] chunks(int chunkMs) {
    AudioFormat format = input.format();
    int chunkFrames = (int) ((long) format.sampleRateHz() * chunkMs / 1000);
    int count = Math.max(1, input.frameCount() / chunkFrames);
    int channels = format.channelCount();
    AudioBuffer[] chunks = new AudioBuffer[count];
    for (int c = 0; c < count; c++) {
      float[] samples = new float[chunkFrames * channels];
      System.arraycopy(input.samples(), c * chunkFrames * channels, samples, 0, samples.length);
      chunks[c] = AudioBuffer.of(format, samples, chunkFrames);
    }
    return chunks;
  }
}
