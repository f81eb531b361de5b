package io.remotemedia.bench.codec;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.wav.WavReader;
import io.remotemedia.bench.codec.WireEncoding.ChunkSender;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bandwidth per stream on the wire, for each encoding against PCM (issue 14): starts the real
 * server on Netty (loopback, port 0, in this process), and for each {@link WireEncoding}
 * streams the speech fixture, 16 kHz mono in 20 ms chunks, through resample (16 → 16 kHz) +
 * VAD with the sink's output asked for in the same encoding. A {@link WireCounter} on the
 * client's channel counts the bytes of every gRPC message each way; rates are per second of
 * audio, not of wall time, so the run is not paced. Each chunk waits for its result before the
 * next is sent, as a real-time client's chunks each travel alone.
 *
 * <pre>
 * SPEECH=remotemedia-audio-core/src/test/resources/io/remotemedia/audio/speech
 * java -cp remotemedia-bench/target/benchmarks.jar io.remotemedia.bench.codec.StreamBandwidth \
 *     [speech.wav=$SPEECH/speech-16k.ffmpeg-decoded.wav] [seconds=10]
 * </pre>
 */
public final class StreamBandwidth {
  /** The rate every encoding streams at, both ways. */
  static final int RATE_HZ = 16_000;
  /** The sink whose output comes back in the encoding under test. */
  static final String SINK = "vad";
  private static final int CHUNK_FRAMES = RATE_HZ * WireEncoding.CHUNK_MS / 1000;
  private static final Path DEFAULT_WAV = Path.of("remotemedia-audio-core/src/test/resources/"
      + "io/remotemedia/audio/speech/speech-16k.ffmpeg-decoded.wav");
  private static final PipelineManifest RESAMPLE_VAD = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [
         {"id": "resample", "node_type": "AudioResample", "params": {"target_sample_rate": 16000}},
         {"id": "vad", "node_type": "VAD", "params": {"mode": "normal"}}],
       "connections": [{"from": "resample", "to": "vad"}]}
      """);

  private StreamBandwidth() {}

  /**
   * Measures every encoding and prints the Markdown table of docs/nodes/codecs.md.
   *
   * @param args optionally the speech WAV (default: the audio-core fixture, relative to the
   *     repository root) and the seconds of audio per encoding (default 10; the speech repeats)
   * @throws IOException if the WAV cannot be read or the server cannot start
   * @throws InterruptedException if interrupted while the channel closes
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path wav = args.length > 0 ? Path.of(args[0]) : DEFAULT_WAV;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
    AudioBuffer speech;
    try (InputStream in = Files.newInputStream(wav)) {
      speech = speech(in, seconds);
    }
    List<BandwidthRow> rows = measure(speech, List.of(WireEncoding.values()));
    System.out.printf("%.2f s of %s per encoding, %d ms chunks, resample + VAD%n",
        speech.durationUs() / 1e6, wav.getFileName(), WireEncoding.CHUNK_MS);
    System.out.print(BandwidthTable.markdown(rows));
  }

  /**
   * {@return the speech of a WAV file at 16 kHz mono float, repeated to at least {@code
   * seconds} and cut to whole 20 ms chunks}
   *
   * @param wav a mono WAV file
   * @param seconds the least duration wanted
   * @throws IOException if the WAV cannot be read or is malformed
   */
  static AudioBuffer speech(InputStream wav, double seconds) throws IOException {
    AudioBuffer decoded = new WavReader().read(wav).toAudioBuffer();
    if (decoded.format().channelCount() != 1) {
      throw new IllegalArgumentException("the speech WAV must be mono, has "
          + decoded.format().channelCount() + " channels");
    }
    float[] once = LocalPipelineRunner.create().execute(ExecutionRequest.of(
        new ManifestParser().parse("""
            {"version": "v1", "nodes": [{"id": "r", "node_type": "AudioResample",
              "params": {"target_sample_rate": %d}}], "connections": []}
            """.formatted(RATE_HZ)), "r", decoded)).audio("r").samples();
    int chunks = (int) Math.ceil(seconds * RATE_HZ / CHUNK_FRAMES);
    float[] looped = new float[chunks * CHUNK_FRAMES];
    for (int at = 0; at < looped.length; at += once.length) {
      System.arraycopy(once, 0, looped, at, Math.min(once.length, looped.length - at));
    }
    return AudioBuffer.of(new AudioFormat(RATE_HZ, 1, SampleFormat.F32), looped);
  }

  /**
   * Streams {@code speech} once per encoding through a server started for the run, and counts
   * the bytes each way.
   *
   * @param speech 16 kHz mono audio, whole 20 ms chunks
   * @param encodings the encodings, the reference (PCM F32) first
   * @return one row per encoding, in order
   * @throws IOException if the server cannot start
   * @throws InterruptedException if interrupted while the channel closes
   */
  static List<BandwidthRow> measure(AudioBuffer speech, List<WireEncoding> encodings)
      throws IOException, InterruptedException {
    RemoteMediaServer server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples())).start();
    WireCounter counter = new WireCounter();
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().intercept(counter).build();
    try {
      RemoteMediaClient client = RemoteMediaClient.forChannel(channel);
      List<BandwidthRow> rows = new ArrayList<>();
      for (WireEncoding encoding : encodings) {
        counter.clear();
        int chunks = stream(client, encoding, speech);
        List<MessageSizes> streams = counter.streams();
        if (streams.size() != 1) {
          throw new IllegalStateException(encoding + ": expected one stream, counted "
              + streams.size());
        }
        rows.add(BandwidthRow.of(encoding, speech.durationUs() / 1e6, chunks, streams.get(0)));
      }
      return rows;
    } finally {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  private static int stream(RemoteMediaClient client, WireEncoding encoding,
      AudioBuffer speech) {
    OpenStreamRequest request = OpenStreamRequest.of(RESAMPLE_VAD,
        encoding.inputFormat(RATE_HZ)).withOutputEncodings(encoding.outputEncodings(SINK));
    ChunkSender sender = encoding.newSender();
    float[] samples = speech.samples();
    int chunks = 0;
    try (RemoteStreamSession session = client.openSession(request)) {
      Iterator<StreamResult> results = session.results();
      for (int at = 0; at + CHUNK_FRAMES <= speech.frameCount(); at += CHUNK_FRAMES) {
        sender.send(session, AudioBuffer.of(speech.format(),
            Arrays.copyOfRange(samples, at, at + CHUNK_FRAMES)));
        results.next();
        chunks++;
      }
      session.finish().join();
    }
    return chunks;
  }
}
