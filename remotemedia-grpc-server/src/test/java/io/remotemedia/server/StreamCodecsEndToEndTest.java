package io.remotemedia.server;

import static io.remotemedia.server.StreamRecorder.detailOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.client.EncodedExecutionResult;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.EncodedAudioCodec;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.opus.OggOpusReader;
import io.remotemedia.pipeline.report.VadReport;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Coded audio on streams (issue 14), on the real Netty server on a loopback port: the
 * ffmpeg-encoded speech fixture sent as raw Opus packets through resample + VAD gives the same
 * result remotely as locally, however the packets are split into chunks; a μ-law stream with
 * μ-law output gives the same bytes as the unary call; lost packets are concealed and counted;
 * corrupt ones fail the stream naming the chunk and the byte offset.
 */
class StreamCodecsEndToEndTest {
  private static final PipelineManifest RESAMPLE_VAD = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [
         {"id": "resample", "node_type": "AudioResample", "params": {"target_sample_rate": 16000}},
         {"id": "vad", "node_type": "VAD", "params": {"mode": "normal"}}],
       "connections": [{"from": "resample", "to": "vad"}]}
      """);
  /** The Opus packets decode at 48 kHz, so the resampler has work to do. */
  private static final AudioFormat OPUS_48K = new AudioFormat(48000, 1, SampleFormat.I16);
  private static final int OPUS_PACKET_US = 20_000;

  @RegisterExtension final LoopbackServer loopback = new LoopbackServer();

  @Test
  void ffmpegOpusPacketsOverAStream_throughResampleAndVad_remoteEqualsLocal_atAnySplit() {
    List<byte[]> packets = OggPackets.speech();
    OpenStreamRequest request = OpenStreamRequest.of(RESAMPLE_VAD, OPUS_48K);

    Run local = run(LocalPipelineRunner.create(), request, opusChunks(packets, new int[] {1}));
    Run remote = run(loopback.client(), request, opusChunks(packets, new int[] {3, 1, 7, 2, 5}));

    assertThat(local.finish.report("vad", VadReport.class).segments()).isNotEmpty();
    assertThat(remote.finish.dataOutputs()).isEqualTo(local.finish.dataOutputs());
    assertThat(remote.events()).isEqualTo(local.events());
    float[] expected = local.audio("vad");
    float[] got = remote.audio("vad");
    // Same decoded input, same nodes; the remote output crossed the wire as 16-bit PCM.
    assertThat(got).hasSize(expected.length);
    for (int i = 0; i < got.length; i++) {
      assertThat(Math.abs(got[i] - expected[i])).as("sample %d", i)
          .isLessThanOrEqualTo(0.5f / 32768 + 1e-9f);
    }
  }

  @Test
  void opusPacketOutput_isTheSameBytesLocallyAndRemotely_andIndependentOfTheChunking() {
    List<byte[]> packets = OggPackets.speech();
    OpenStreamRequest request = OpenStreamRequest.of(RESAMPLE_VAD, OPUS_48K)
        .withOutputEncodings(Map.of("vad", OutputEncoding.of(AudioEncoding.OPUS_PACKETS)));

    Run local = run(LocalPipelineRunner.create(), request, opusChunks(packets, new int[] {1}));
    Run remote = run(loopback.client(), request, opusChunks(packets, new int[] {4, 9, 1}));

    EncodedAudio localCoded = local.coded("vad");
    EncodedAudio remoteCoded = remote.coded("vad");
    assertThat(remoteCoded.packetLengths()).isEqualTo(localCoded.packetLengths());
    assertThat(remoteCoded.bytes()).isEqualTo(localCoded.bytes());
    assertThat(remoteCoded.packetDurationUs()).isEqualTo(20_000);
    // Every frame of the sink's output is in a packet; the last one padded with silence.
    int frames = local.audio("vad").length;
    assertThat(remoteCoded.packetLengths()).hasSize((frames + 319) / 320);
    // The SDK decoded the packets as they came: 320 frames per packet at 16 kHz.
    assertThat(remote.audio("vad")).hasSize(remoteCoded.packetLengths().length * 320);
    assertThat(remote.finish.dataOutputs()).isEqualTo(local.finish.dataOutputs());
  }

  @Test
  void muLawStreamWithMuLawOutput_decodesToTheSameAsTheUnaryCall() {
    AudioBuffer speech8k = resampled(speech48k(), 8000);
    byte[] codes = EncodedAudioCodec.encode(speech8k, OutputEncoding.of(AudioEncoding.MU_LAW),
        "fixture").bytes();
    Map<String, OutputEncoding> muLawOut =
        Map.of("vad", OutputEncoding.of(AudioEncoding.MU_LAW));
    EncodedExecutionResult unary = loopback.client().executeEncoded(
        new ExecutionRequest(RESAMPLE_VAD, Map.of(), ExecutionLimits.UNSET),
        Map.of("resample", EncodedAudio.g711(AudioEncoding.MU_LAW, codes, 8000, 1)), muLawOut);

    List<EncodedAudio> chunks = new ArrayList<>();
    Random random = new Random(14);
    for (int at = 0; at < codes.length; ) {
      int length = Math.min(codes.length - at, 1 + random.nextInt(1500));
      chunks.add(EncodedAudio.g711(AudioEncoding.MU_LAW,
          Arrays.copyOfRange(codes, at, at + length), 8000, 1));
      at += length;
    }
    Run stream = run(loopback.client(), OpenStreamRequest.of(RESAMPLE_VAD,
        new AudioFormat(8000, 1, SampleFormat.I16)).withOutputEncodings(muLawOut), chunks);

    assertThat(stream.coded("vad").encoding()).isEqualTo(AudioEncoding.MU_LAW);
    assertThat(stream.coded("vad").bytes())
        .isEqualTo(unary.encodedOutputs().get("vad").bytes());
    assertThat(stream.audio("vad")).isEqualTo(unary.result().audio("vad").samples());
    assertThat(stream.finish.dataOutputs()).isEqualTo(unary.result().dataOutputs());
  }

  @Test
  void lostOpusPacketsInAStream_areConcealed_theStreamSurvives_andTheMetricCountsThem() {
    List<byte[]> packets = new ArrayList<>(
        OggPackets.speech());
    packets.set(20, new byte[0]);
    packets.set(21, new byte[0]);
    packets.set(60, new byte[0]);

    Run remote = run(loopback.client(), OpenStreamRequest.of(RESAMPLE_VAD, OPUS_48K),
        opusChunks(packets, new int[] {5}));

    // 20 ms of 16 kHz output per packet, concealed ones included.
    assertThat(remote.audio("vad")).hasSizeGreaterThan((packets.size() - 1) * 320);
    assertThat(remote.finish.report("vad", VadReport.class).segments()).isNotEmpty();
    assertThat(loopback.metric("opus_packets_concealed_total")).isEqualTo(3.0);
  }

  @Test
  void corruptOpusPacketInAStream_isInvalidArgumentNamingTheChunkAndTheByteOffset() {
    List<byte[]> packets = OggPackets.speech();
    List<EncodedAudio> chunks = opusChunks(packets, new int[] {4});
    EncodedAudio third = chunks.get(2);
    int[] lengths = third.packetLengths();
    byte[] bytes = third.bytes().clone();
    // A code-3 packet (frame count in the second byte) that claims 0 frames is malformed.
    int secondOffset = lengths[0];
    bytes[secondOffset] = (byte) ((bytes[secondOffset] & 0xFC) | 3);
    bytes[secondOffset + 1] = 0;
    chunks.set(2, EncodedAudio.opusPackets(bytes, lengths, OPUS_PACKET_US, 48000, 1));

    RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class,
        () -> run(loopback.client(), OpenStreamRequest.of(RESAMPLE_VAD, OPUS_48K), chunks));

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
    assertThat(e.getMessage()).contains("chunk 2 audio: Opus packet 1 at byte offset "
        + secondOffset);
  }

  @Test
  void oggOpusAsAStreamOutput_isRefusedNamingTheSink() {
    PipelineException refused = catchThrowableOfType(PipelineException.class,
        () -> loopback.client().openSession(OpenStreamRequest.of(RESAMPLE_VAD, OPUS_48K)
            .withOutputEncodings(Map.of("vad", OutputEncoding.of(AudioEncoding.OGG_OPUS)))));

    assertThat(refused.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(refused.getMessage()).contains("output_encodings[\"vad\"]: OGG_OPUS codes whole"
        + " buffers");
    assertThat(loopback.server().openStreamCount()).isZero();
  }

  @Test
  void oggOpusAsAStreamOutput_fromAClientThatDoesNotCheck_isInvalidArgumentNamingTheSink()
      throws Exception {
    // The SDK refuses this before sending (above); a raw client's open reaches the server.
    StreamRecorder recorder = new StreamRecorder();
    StreamObserver<StreamRequest> requests =
        PipelineServiceGrpc.newStub(loopback.client().channel()).streamPipeline(recorder);
    StreamRequest open =
        StreamWire.open(OpenStreamRequest.of(RESAMPLE_VAD, OPUS_48K), ProtocolVersions.CURRENT);

    requests.onNext(open.toBuilder().setOpen(open.getOpen().toBuilder().putOutputEncodings("vad",
        io.remotemedia.proto.OutputEncoding.newBuilder()
            .setEncoding(io.remotemedia.proto.AudioEncoding.AUDIO_ENCODING_OGG_OPUS).build()))
        .build());

    StatusRuntimeException error = recorder.error();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getMessage()).contains(
        "output_encodings[\"vad\"]: OGG_OPUS codes whole buffers");
    assertThat(loopback.server().openStreamCount()).isZero();
  }

  /** What a stream gave: every result and the end. */
  private record Run(List<StreamResult> results, ExecutionResult finish) {
    float[] audio(String sink) {
      List<AudioBuffer> parts = new ArrayList<>();
      results.forEach(r -> parts.add(r.audioOutputs().get(sink)));
      parts.add(finish.audioOutputs().get(sink));
      int total = parts.stream().mapToInt(AudioBuffer::sampleCount).sum();
      float[] all = new float[total];
      int at = 0;
      for (AudioBuffer part : parts) {
        System.arraycopy(part.samples(), 0, all, at, part.sampleCount());
        at += part.sampleCount();
      }
      return all;
    }

    EncodedAudio coded(String sink) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      List<Integer> lengths = new ArrayList<>();
      EncodedAudio first = null;
      List<EncodedAudio> parts = new ArrayList<>();
      results.forEach(r -> parts.add(r.encodedOutputs().get(sink)));
      parts.add(finish.encodedOutputs().get(sink));
      for (EncodedAudio part : parts) {
        assertThat(part).as("coded output of %s", sink).isNotNull();
        first = first == null ? part : first;
        bytes.writeBytes(part.bytes());
        Arrays.stream(part.packetLengths()).forEach(lengths::add);
      }
      return new EncodedAudio(first.encoding(), bytes.toByteArray(), first.sampleRateHz(),
          first.channelCount(), lengths.stream().mapToInt(Integer::intValue).toArray(),
          first.packetDurationUs());
    }

    List<Object> events() {
      return results.stream().map(StreamResult::dataOutputs).filter(d -> !d.isEmpty())
          .map(d -> (Object) d).toList();
    }
  }

  private static Run run(PipelineRunner runner, OpenStreamRequest request,
      List<EncodedAudio> chunks) {
    List<StreamResult> results = new ArrayList<>();
    try (PipelineStream stream = runner.openStream(request)) {
      for (int i = 0; i < chunks.size(); i++) {
        results.add(stream.push(i, chunks.get(i)));
      }
      return new Run(results, stream.finish());
    }
  }

  private static Run run(RemoteMediaClient client, OpenStreamRequest request,
      List<EncodedAudio> chunks) {
    // The asynchronous session, as a voice client would use it.
    try (RemoteStreamSession session = client.openSession(request)) {
      Iterator<StreamResult> results = session.results();
      List<StreamResult> received = new ArrayList<>();
      for (EncodedAudio chunk : chunks) {
        session.send(chunk);
        received.add(results.next());
      }
      try {
        return new Run(received, session.finish().join());
      } catch (CompletionException e) {
        throw (RemoteMediaException) e.getCause();
      }
    }
  }

  private static List<EncodedAudio> opusChunks(List<byte[]> packets, int[] sizes) {
    return OggPackets.chunks(packets, sizes, OPUS_PACKET_US, 48000);
  }

  private static byte[] fixture(String name) {
    try (InputStream in = StreamCodecsEndToEndTest.class
        .getResourceAsStream("/io/remotemedia/audio/speech/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static AudioBuffer speech48k() {
    try {
      return new OggOpusReader().decode(fixture("speech-16k.opus")).audio();
    } catch (io.remotemedia.pipeline.opus.OpusFormatException e) {
      throw new AssertionError(e);
    }
  }

  private static AudioBuffer resampled(AudioBuffer audio, int rateHz) {
    return LocalPipelineRunner.create().execute(ExecutionRequest.of(new ManifestParser().parse(
        """
        {"version": "v1", "nodes": [{"id": "r", "node_type": "AudioResample",
          "params": {"target_sample_rate": %d}}], "connections": []}
        """.formatted(rateHz)), "r", audio)).audio("r");
  }
}
