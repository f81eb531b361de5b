package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.netty.handler.codec.http2.Http2Error;
import io.remotemedia.proto.AudioBuffer;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.NodeSpec;
import io.remotemedia.proto.PipelineManifest;
import io.remotemedia.proto.SampleFormat;
import io.remotemedia.proto.StreamChunk;
import io.remotemedia.proto.StreamOpen;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.server.internal.transport.RawCalls.Body;
import io.remotemedia.server.internal.transport.RawCalls.Outcome;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The error contract on the wire, as a client in any language sees it: bytes that are not a
 * message, client strings echoed in errors, messages over the size limit and transport-level
 * mistakes all get a documented code with an ErrorDetail, are counted and logged once, leave
 * no stack trace, and leave the gauges balanced (issue 13, findings 1, 2, 6, 7 and 12).
 */
class WireErrorsTest {
  private static final String EXECUTE_PATH = "/remotemedia.v1.PipelineService/ExecutePipeline";
  private static final String GET_VERSION_PATH = "/remotemedia.v1.PipelineService/GetVersion";
  /** grpc-java's and grpc-js's default limit on a response's headers. */
  private static final int CLIENT_HEADER_LIMIT_BYTES = 8 * 1024;

  @RegisterExtension
  final WireServer server = new WireServer();

  static Stream<Arguments> unparseableExecuteRequests() {
    return Stream.of(
        Arguments.of("one zero byte", new byte[] {0}, "invalid tag (zero)"),
        // Field 4 (client_protocol_version), 2 bytes: a lone continuation byte and 0xFF.
        Arguments.of("invalid UTF-8", new byte[] {0x22, 2, (byte) 0x80, (byte) 0xFF},
            "invalid UTF-8"),
        Arguments.of("Struct nested 40 deep",
            AliasingMarshallerTest.requestWithNestedParams(40).toByteArray(),
            "deeper than the limit of 100 levels"),
        // Field 1 (manifest) claiming 100 bytes that are not there.
        Arguments.of("truncated field", new byte[] {0x0A, 100, 1}, "not a valid protobuf"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unparseableExecuteRequests")
  void execute_unparseable_isInvalidArgumentWithADetailCountedAndLoggedOnce(String name,
      byte[] bytes, String problem) throws Exception {
    Outcome outcome = RawCalls.call(server.channel(), RawCalls.EXECUTE, bytes);

    assertThat(outcome.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(outcome.detail()).get().satisfies(detail -> {
      assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_VALIDATION);
      assertThat(detail.getMessage()).startsWith("the ExecuteRequest ").contains(problem);
    });
    assertCountedOnce("ExecutePipeline", "INVALID_ARGUMENT", "validation");
    assertThat(server.accessLines()).singleElement().asString()
        .startsWith("ExecutePipeline INVALID_ARGUMENT in ");
    assertThat(server.otherEvents()).isEmpty();
  }

  static Stream<Arguments> standardServicesMethods() {
    return Stream.of(
        Arguments.of(HealthGrpc.getCheckMethod(), "HealthCheckRequest"),
        Arguments.of(HealthGrpc.getWatchMethod(), "HealthCheckRequest"),
        Arguments.of(ServerReflectionGrpc.getServerReflectionInfoMethod(),
            "ServerReflectionRequest"),
        Arguments.of(io.grpc.reflection.v1alpha.ServerReflectionGrpc
            .getServerReflectionInfoMethod(), "ServerReflectionRequest"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("standardServicesMethods")
  void standardServices_unparseable_isInvalidArgumentWithNoStackTrace(
      MethodDescriptor<?, ?> method, String messageType) throws Exception {
    // Field 31 with wire type 7, which does not exist: no message starts with these bytes.
    Outcome outcome = RawCalls.call(server.channel(), RawCalls.raw(method),
        new byte[] {(byte) 0xFF, 0x01});

    assertThat(outcome.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(outcome.detail()).get().satisfies(detail -> {
      assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_VALIDATION);
      assertThat(detail.getMessage())
          .startsWith("the " + messageType + " is not a valid protobuf message");
    });
    assertThat(server.accessLines()).singleElement().asString()
        .startsWith(method.getBareMethodName() + " INVALID_ARGUMENT in ");
    assertThat(server.stackTraces()).isEmpty();
  }

  @Test
  void unaryCall_halfClosedWithoutARequestMessage_isInvalidArgumentNotInternal()
      throws Exception {
    // HEADERS, then one empty DATA frame with END_STREAM: a request with no message.
    RawHttp2.Result result = RawHttp2.call(server.port(), GET_VERSION_PATH,
        List.of(new byte[0]));

    assertThat(result.grpcStatus()).isEqualTo("3");
    assertThat(result.detail()).get().satisfies(detail -> {
      assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_VALIDATION);
      assertThat(detail.getMessage())
          .isEqualTo("GetVersion takes exactly one request message; the client sent none");
    });
    // grpc-java closes such a call INTERNAL, which the server-error alert counts.
    assertCountedOnce("GetVersion", "INVALID_ARGUMENT", "validation");
    assertThat(server.metric("errors_total", "type", "internal")).isZero();
  }

  @Test
  void unaryCall_withTwoRequestMessages_isRecordedAsInvalidArgumentNotInternal()
      throws Exception {
    RawHttp2.Result result = RawHttp2.call(server.port(), GET_VERSION_PATH,
        List.of(RawHttp2.grpcFrames(List.of(new byte[0], new byte[0]))));

    // grpc's call resets the stream itself (RST_STREAM CANCEL) before the status can go out.
    assertThat(result.resetCode()).isEqualTo(Http2Error.CANCEL.code());
    assertCountedOnce("GetVersion", "INVALID_ARGUMENT", "validation");
    assertThat(server.metric("errors_total", "type", "internal")).isZero();
    assertThat(server.accessLines()).singleElement().asString()
        .startsWith("GetVersion INVALID_ARGUMENT in ");
  }

  @Test
  void execute_structNestedPastTheLimit_namesTheLimitInTheDetail() throws Exception {
    Outcome outcome = RawCalls.call(server.channel(), RawCalls.EXECUTE,
        AliasingMarshallerTest.requestWithNestedParams(40).toByteArray());

    assertThat(outcome.detail().orElseThrow().getLimit())
        .satisfies(limit -> {
          assertThat(limit.getLimit()).isEqualTo("message_nesting_depth");
          assertThat(limit.getLimitValue()).isEqualTo(100);
          assertThat(limit.getActualValue()).isEqualTo(101);
        });
  }

  @Test
  void stream_unparseableMessageAfterOpen_isInvalidArgumentAndFreesTheSession()
      throws Exception {
    Outcome outcome = RawCalls.call(server.channel(), RawCalls.STREAM,
        List.of(Body.of(open().toByteArray()), Body.of(new byte[] {0})));

    assertThat(outcome.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(outcome.detail().orElseThrow().getMessage())
        .startsWith("the StreamRequest is not a valid protobuf message");
    assertCountedOnce("StreamPipeline", "INVALID_ARGUMENT", "validation");
    assertThat(WireServer.await(() -> server.metric("active_streams"), 0)).isZero();
  }

  @Test
  void stream_failedCall_isCountedInErrorsTotal() throws Exception {
    StreamRequest badOpen = StreamRequest.newBuilder().setOpen(StreamOpen.newBuilder()
        .setManifest(manifest("Gian", Struct.getDefaultInstance()))
        .setInputFormat(format())).build();

    Outcome outcome = RawCalls.call(server.channel(), RawCalls.STREAM, badOpen.toByteArray());

    assertThat(outcome.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertCountedOnce("StreamPipeline", "INVALID_ARGUMENT", "validation");
  }

  @Test
  void execute_paramWithNoKindSet_isRefusedNamingTheParameter() throws Exception {
    ExecuteRequest request = ExecuteRequest.newBuilder()
        .setManifest(manifest("Gain", Struct.newBuilder()
            .putFields("gain_db", Value.getDefaultInstance()).build()))
        .putAudioInputs("n", audio())
        .build();

    Outcome outcome = RawCalls.call(server.channel(), RawCalls.EXECUTE, request.toByteArray());

    assertThat(outcome.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(outcome.detail().orElseThrow().getLocation().getPath())
        .isEqualTo("nodes[0].params.gain_db");
  }

  @Test
  void execute_nodeTypeOf2000Chars_isShortenedAndTheStatusFitsTheHeaderLimit()
      throws Exception {
    String nodeType = "G".repeat(2_000);
    ExecuteRequest request = ExecuteRequest.newBuilder()
        .setManifest(manifest(nodeType, Struct.getDefaultInstance()))
        .putAudioInputs("n", audio())
        .build();

    Outcome outcome = RawCalls.call(server.channel(), RawCalls.EXECUTE, request.toByteArray());

    assertThat(outcome.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(outcome.status().getDescription()).contains("…(2000 characters)")
        .doesNotContain("G".repeat(201));
    assertThat(outcome.trailerBytes()).isLessThan(CLIENT_HEADER_LIMIT_BYTES);
  }

  @Test
  void execute_parameterNameOf5Megabytes_isShortenedAndTheStatusFitsTheHeaderLimit()
      throws Exception {
    String name = "p".repeat(5 << 20);
    ExecuteRequest request = ExecuteRequest.newBuilder()
        .setManifest(manifest("Gain", Struct.newBuilder()
            .putFields(name, Value.newBuilder().setNumberValue(1).build()).build()))
        .putAudioInputs("n", audio())
        .build();

    Outcome outcome = RawCalls.call(server.channel(), RawCalls.EXECUTE, request.toByteArray());

    assertThat(outcome.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(outcome.status().getDescription()).contains("…(" + (5 << 20) + " characters)");
    assertThat(outcome.detail().orElseThrow().getLocation().getPath()).hasSizeLessThan(300);
    assertThat(outcome.trailerBytes()).isLessThan(CLIENT_HEADER_LIMIT_BYTES);
    assertCountedOnce("ExecutePipeline", "INVALID_ARGUMENT", "validation");
  }

  @Test
  void execute_oneByteOverTheLimit_isResourceExhaustedNamingLimitAndSize() throws Exception {
    long size = WireServer.MAX_MESSAGE_BYTES + 1L;

    Outcome outcome = RawCalls.call(server.channel(), RawCalls.EXECUTE,
        List.of(Body.zeros(size)));

    assertThat(outcome.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    ErrorDetail detail = outcome.detail().orElseThrow();
    assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_RESOURCE_LIMIT);
    assertThat(detail.getLimit().getLimit()).isEqualTo("max_inbound_message_bytes");
    assertThat(detail.getLimit().getLimitValue()).isEqualTo(WireServer.MAX_MESSAGE_BYTES);
    assertThat(detail.getLimit().getActualValue()).isEqualTo(size);
    assertCountedOnce("ExecutePipeline", "RESOURCE_EXHAUSTED", "resource_limit");
    assertThat(server.accessLines()).singleElement().asString()
        .startsWith("ExecutePipeline RESOURCE_EXHAUSTED in ");
  }

  @ParameterizedTest(name = "{0} bytes")
  @MethodSource("hugeSizes")
  void execute_prefixAnnouncingAHugeMessage_isResourceExhaustedBeforeTheBody(long size)
      throws Exception {
    RawHttp2.Result result = RawHttp2.call(server.port(), EXECUTE_PATH, Map.of(),
        RawHttp2.prefix(false, size), false);

    assertThat(result.grpcStatus()).isEqualTo("8"); // RESOURCE_EXHAUSTED
    assertThat(result.detail()).get().satisfies(detail -> {
      assertThat(detail.getLimit().getLimitValue()).isEqualTo(WireServer.MAX_MESSAGE_BYTES);
      assertThat(detail.getLimit().getActualValue()).isEqualTo(size);
    });
    assertCountedOnce("ExecutePipeline", "RESOURCE_EXHAUSTED", "resource_limit");
  }

  static Stream<Long> hugeSizes() {
    return Stream.of(100_000_000L, 500_000_000L, 0xFFFF_FFFFL);
  }

  @Test
  void execute_halfCloseInTheMiddleOfAMessage_isInvalidArgument() throws Exception {
    byte[] body = new byte[5 + 10];
    System.arraycopy(RawHttp2.prefix(false, 100), 0, body, 0, 5);

    RawHttp2.Result result = RawHttp2.call(server.port(), EXECUTE_PATH, Map.of(), body, true);

    assertThat(result.grpcStatus()).isEqualTo("3"); // INVALID_ARGUMENT
    assertThat(result.detail().orElseThrow().getMessage()).contains("middle of a message");
    assertCountedOnce("ExecutePipeline", "INVALID_ARGUMENT", "validation");
  }

  @Test
  void execute_compressedFlagWithoutAnEncoding_isInvalidArgument() throws Exception {
    byte[] body = new byte[5 + 3];
    System.arraycopy(RawHttp2.prefix(true, 3), 0, body, 0, 5);

    RawHttp2.Result result = RawHttp2.call(server.port(), EXECUTE_PATH, Map.of(), body, true);

    assertThat(result.grpcStatus()).isEqualTo("3");
    assertThat(result.detail().orElseThrow().getMessage()).contains("compressed flag");
    assertCountedOnce("ExecutePipeline", "INVALID_ARGUMENT", "validation");
  }

  @Test
  void execute_authorizationHeaderOf8KiB_isRefusedWithHttp431AndTheServerServesOn()
      throws Exception {
    RawHttp2.Result result = RawHttp2.call(server.port(), EXECUTE_PATH,
        Map.of("authorization", "Bearer " + "t".repeat(8 * 1024)), new byte[0], true);

    assertThat(result.httpStatus()).isEqualTo("431");
    assertThat(result.grpcStatus()).as("HTTP 431 carries no grpc-status").isNull();
    // grpc-java honours the limit the server advertises and fails before sending.
    io.grpc.Metadata big = new io.grpc.Metadata();
    big.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER),
        "Bearer " + "t".repeat(8 * 1024));
    Outcome javaClient = RawCalls.call(io.grpc.ClientInterceptors.intercept(server.channel(),
        io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(big)), RawCalls.EXECUTE,
        new byte[0]);
    assertThat(javaClient.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(javaClient.status().getCause())
        .isInstanceOf(io.netty.handler.codec.http2.Http2Exception.HeaderListSizeException.class);
    assertServesOn();
  }

  @Test
  void execute_authorizationHeaderOf100KiB_closesTheConnectionAndTheServerServesOn()
      throws Exception {
    RawHttp2.Result result = RawHttp2.call(server.port(), EXECUTE_PATH,
        Map.of("authorization", "Bearer " + "t".repeat(100 * 1024)), new byte[0], true);

    assertThat(result.goAway() || result.connectionClosed()).isTrue();
    assertServesOn();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
      "\u0016\u0003\u0001 not a preface, as a TLS client or a scanner sends"})
  void connection_notStartingWithHttp2sPreface_isClosedWithoutAStackTrace(String bytes)
      throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = socket.getInputStream();
      while (in.read() != -1) {
        // The server's SETTINGS frame and GOAWAY, then its close.
      }
    }

    // grpc-netty's "Transport failed" and Netty's 25-line trace went to stderr, per connection.
    // It is written on the connection's event loop as it closes, which may be just after the
    // client has read the close: give it time to appear, if it still would.
    Thread.sleep(500);
    assertServesOn();
  }

  @ParameterizedTest(name = "\"{0}\"")
  // The last three grpc-java reads: -1m as a deadline already passed (the call was reset
  // without a status), +5S and 9 digits as timeouts, though gRPC allows 1 to 8 digits only.
  @ValueSource(strings = {"", "abc", "5x", "99999999999999999999H", "1.5S", "-1m", "+5S",
      "123456789m"})
  void execute_malformedGrpcTimeout_isInvalidArgumentNamingTheHeader(String timeout)
      throws Exception {
    ExecuteRequest request = ExecuteRequest.newBuilder()
        .setManifest(manifest("Gain", Struct.getDefaultInstance()))
        .putAudioInputs("n", audio())
        .build();

    RawHttp2.Result result = RawHttp2.call(server.port(), EXECUTE_PATH,
        Map.of("grpc-timeout", timeout), List.of(RawHttp2.grpcFrame(request.toByteArray())));

    // grpc-java reset the stream with INTERNAL_ERROR and logged two stack traces per call.
    assertThat(result.grpcStatus()).isEqualTo("3");
    assertThat(result.detail()).get().satisfies(detail -> {
      assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_VALIDATION);
      assertThat(detail.getMessage()).startsWith("the grpc-timeout header \"" + timeout
          + "\" is not a timeout");
    });
    assertCountedOnce("ExecutePipeline", "INVALID_ARGUMENT", "validation");
  }

  @Test
  void unknownMethodOf3000Chars_isUnimplementedShortenedCountedAndLogged() throws Exception {
    String method = "remotemedia.v1.PipelineService/" + "X".repeat(3_000);

    RawHttp2.Result result = RawHttp2.call(server.port(), "/" + method,
        List.of(RawHttp2.grpcFrame(new byte[0])));

    // grpc-java answered "Method not found: " and all 3,031 characters, before any
    // interceptor: no access line, no metric.
    assertThat(result.grpcStatus()).isEqualTo("12"); // UNIMPLEMENTED
    assertThat(result.grpcMessage()).startsWith("unknown method")
        .contains("(" + method.length() + " chars)").hasSizeLessThan(1024);
    assertThat(WireServer.await(() -> server.metric("active_calls"), 0)).isZero();
    assertThat(server.metric("grpc_requests_total", "method", UnknownMethods.METHOD_NAME,
        "code", "UNIMPLEMENTED")).isEqualTo(1);
    assertThat(server.accessLines()).singleElement().asString()
        .startsWith(UnknownMethods.METHOD_NAME + " UNIMPLEMENTED in ");
    assertServesOn();
  }

  static Stream<Arguments> http2ConnectionErrors() {
    return Stream.of(
        Arguments.of("a DATA frame of 20,000 bytes, over the 16 KiB frame size",
            (RawHttp2.Frames) out -> {
              out.headers(1);
              out.frame(RawHttp2.DATA, 0, 1, new byte[20_000]);
            }, Http2Error.FRAME_SIZE_ERROR),
        Arguments.of("WINDOW_UPDATE of 0 on the connection", (RawHttp2.Frames) out ->
            out.frame(RawHttp2.WINDOW_UPDATE, 0, 0, new byte[4]), Http2Error.PROTOCOL_ERROR),
        Arguments.of("the connection's window raised past 2^31 - 1", (RawHttp2.Frames) out ->
            out.frame(RawHttp2.WINDOW_UPDATE, 0, 0, new byte[] {0x7F, -1, -1, -1}),
            Http2Error.FLOW_CONTROL_ERROR),
        Arguments.of("DATA on stream 0", (RawHttp2.Frames) out ->
            out.frame(RawHttp2.DATA, 0, 0, new byte[10]), Http2Error.PROTOCOL_ERROR),
        Arguments.of("a request on stream 2, a server's stream id",
            (RawHttp2.Frames) out -> out.headers(2), Http2Error.PROTOCOL_ERROR),
        Arguments.of("an HPACK integer that overflows", (RawHttp2.Frames) out ->
            out.frame(RawHttp2.HEADERS, RawHttp2.END_HEADERS, 1,
                new byte[] {-1, -1, -1, -1, -1, 0x7F}), Http2Error.COMPRESSION_ERROR),
        Arguments.of("20 empty CONTINUATION frames after unfinished HEADERS",
            (RawHttp2.Frames) out -> {
              // 0x83: ":method: POST" from HPACK's static table; no END_HEADERS.
              out.frame(RawHttp2.HEADERS, 0, 1, new byte[] {(byte) 0x83});
              for (int i = 0; i < 20; i++) {
                out.frame(RawHttp2.CONTINUATION, 0, 1, new byte[0]);
              }
            }, Http2Error.ENHANCE_YOUR_CALM));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("http2ConnectionErrors")
  void connection_http2ProtocolError_getsGoAwayWithoutAStackTrace(String name,
      RawHttp2.Frames frames, Http2Error error) throws Exception {
    double connections = server.metric("active_connections");

    RawHttp2.ConnectionEnd end = RawHttp2.send(server.port(), EXECUTE_PATH, frames, 0);

    assertThat(end.goAwayCode()).hasValue(error.code());
    // grpc-netty logs "Transport failed" just before the connection stops being counted.
    WireServer.await(() -> server.metric("active_connections"), connections);
    assertServesOn();
  }

  static Stream<Arguments> http2StreamErrors() {
    return Stream.of(
        Arguments.of("PRIORITY: the stream depends on itself", (StreamFrames) (out, stream) ->
            out.frame(RawHttp2.PRIORITY, 0, stream,
                new byte[] {0, 0, (byte) (stream >>> 8), (byte) stream, 10})),
        Arguments.of("WINDOW_UPDATE of 0 on a call's stream", (StreamFrames) (out, stream) -> {
          out.headers(stream);
          out.frame(RawHttp2.WINDOW_UPDATE, 0, stream, new byte[4]);
        }));
  }

  /** Frames that break HTTP/2's rules on one stream: the stream is reset, not the connection. */
  interface StreamFrames {
    void writeTo(RawHttp2.FrameWriter out, int stream) throws java.io.IOException;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("http2StreamErrors")
  void stream_http2ProtocolErrors_areResetWithoutAStackTraceEach(String name,
      StreamFrames frames) throws Exception {
    int streams = 300;

    RawHttp2.ConnectionEnd end = RawHttp2.send(server.port(), EXECUTE_PATH, out -> {
      for (int i = 0; i < streams; i++) {
        frames.writeTo(out, 1 + 2 * i);
      }
    }, streams);

    assertThat(end.goAwayCode()).isEmpty();
    assertThat(end.resets()).containsExactly(entry(Http2Error.PROTOCOL_ERROR.code(), streams));
    // grpc-netty logged each with a stack trace (WARN "Stream Error"), 300 from one connection
    // that stayed open; one line per interval tells the operator now.
    assertThat(server.otherEvents()).filteredOn(event -> event.getLoggerName()
        .equals(ClientMistakeLogs.class.getName())).hasSizeLessThanOrEqualTo(1);
    assertServesOn();
    // A call whose stream was reset is the client's mistake, not the server's: INTERNAL
    // would set off RemoteMediaHighErrorRate (docs/deploy/monitoring/rules.yml).
    assertThat(server.accessLines()).noneMatch(line -> line.contains("INTERNAL"));
    assertThat(server.metric("errors_total", "type", "internal")).isZero();
  }

  /** A well-formed call on the same server still gets its answer, and nothing was logged. */
  private void assertServesOn() throws Exception {
    ExecuteRequest request = ExecuteRequest.newBuilder()
        .setManifest(manifest("Gain", Struct.getDefaultInstance()))
        .putAudioInputs("n", audio())
        .build();
    assertThat(RawCalls.call(server.channel(), RawCalls.EXECUTE, request.toByteArray()).code())
        .isEqualTo(Status.Code.OK);
    assertThat(server.stackTraces()).isEmpty();
    assertThat(WireServer.await(() -> server.metric("active_calls"), 0)).isZero();
  }

  private void assertCountedOnce(String method, String code, String errorType)
      throws Exception {
    assertThat(WireServer.await(() -> server.metric("active_calls"), 0)).isZero();
    assertThat(server.metric("grpc_requests_total", "method", method, "code", code))
        .isEqualTo(1);
    assertThat(server.metric("errors_total", "type", errorType)).isEqualTo(1);
    assertThat(server.stackTraces()).isEmpty();
  }

  private static PipelineManifest manifest(String nodeType, Struct params) {
    return PipelineManifest.newBuilder().setVersion("v1")
        .addNodes(NodeSpec.newBuilder().setId("n").setNodeType(nodeType).setParams(params))
        .build();
  }

  private static AudioBuffer format() {
    return AudioBuffer.newBuilder().setSampleRateHz(48_000).setChannels(1)
        .setFormat(SampleFormat.SAMPLE_FORMAT_F32).build();
  }

  private static AudioBuffer audio() {
    return format().toBuilder().setSamples(ByteString.copyFrom(new byte[4 * 480]))
        .setFrameCount(480).build();
  }

  /** A valid opening, for tests that need an open stream. */
  static StreamRequest open() {
    return StreamRequest.newBuilder().setOpen(StreamOpen.newBuilder()
        .setManifest(manifest("Gain", Struct.getDefaultInstance()))
        .setInputFormat(format())).build();
  }

  /** A chunk, for tests that need one after open. */
  static StreamRequest chunk(long sequence) {
    return StreamRequest.newBuilder().setChunk(StreamChunk.newBuilder().setSequence(sequence)
        .setAudio(audio())).build();
  }
}
