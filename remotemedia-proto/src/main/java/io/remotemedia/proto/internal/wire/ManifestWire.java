package io.remotemedia.proto.internal.wire;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.manifest.ConnectionSpec;
import io.remotemedia.pipeline.manifest.ManifestLocation;
import io.remotemedia.pipeline.manifest.ManifestMetadata;
import io.remotemedia.pipeline.manifest.NodeSpec;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Converts manifests between {@link io.remotemedia.proto.PipelineManifest} and the domain. */
public final class ManifestWire {
  private ManifestWire() {}

  /**
   * Maps a wire manifest to the domain model; validation happens when it is compiled.
   *
   * @param wire the wire manifest
   * @return the domain manifest, not yet validated
   */
  public static PipelineManifest fromProto(io.remotemedia.proto.PipelineManifest wire) {
    List<NodeSpec> nodes = new ArrayList<>();
    for (int i = 0; i < wire.getNodesCount(); i++) {
      io.remotemedia.proto.NodeSpec node = wire.getNodes(i);
      int index = i;
      nodes.add(new NodeSpec(node.getId(), node.getNodeType(),
          params(node.getParams(), () -> "nodes[" + index + "].params")));
    }
    List<ConnectionSpec> connections = new ArrayList<>();
    for (io.remotemedia.proto.Connection connection : wire.getConnectionsList()) {
      connections.add(new ConnectionSpec(connection.getFrom(), connection.getTo()));
    }
    return new PipelineManifest(wire.getVersion(),
        new ManifestMetadata(wire.getMetadata().getName(), wire.getMetadata().getDescription()),
        nodes, connections);
  }

  /**
   * Maps the manifest a request must carry. Proto3 reads an absent message as an empty one,
   * whose first complaint, about its version, would hide that the manifest is missing.
   *
   * @param present whether the request has its manifest field set
   * @param wire the manifest
   * @param field the field in error messages, for example {@code open.manifest}
   * @param purpose what the manifest is for, as the message says it, for example {@code the
   *     pipeline to explain}
   * @return the domain manifest, not yet validated
   * @throws PipelineException of kind VALIDATION naming the field when it is absent
   */
  static PipelineManifest required(boolean present, io.remotemedia.proto.PipelineManifest wire,
      String field, String purpose) {
    if (!present) {
      throw PipelineException.of(ErrorKind.VALIDATION, field + " is required: " + purpose);
    }
    return fromProto(wire);
  }

  /**
   * Maps a domain manifest to the wire message.
   *
   * @param manifest the domain manifest
   * @return the wire manifest
   */
  public static io.remotemedia.proto.PipelineManifest toProto(PipelineManifest manifest) {
    io.remotemedia.proto.PipelineManifest.Builder builder =
        io.remotemedia.proto.PipelineManifest.newBuilder()
            .setVersion(manifest.version())
            .setMetadata(io.remotemedia.proto.ManifestMetadata.newBuilder()
                .setName(manifest.metadata().name())
                .setDescription(manifest.metadata().description()));
    for (NodeSpec node : manifest.nodes()) {
      builder.addNodes(io.remotemedia.proto.NodeSpec.newBuilder()
          .setId(node.id())
          .setNodeType(node.nodeType())
          .setParams(toStruct(node.params())));
    }
    for (ConnectionSpec connection : manifest.connections()) {
      builder.addConnections(io.remotemedia.proto.Connection.newBuilder()
          .setFrom(connection.from())
          .setTo(connection.to()));
    }
    return builder.build();
  }

  /**
   * Maps a JSON-like map (as in {@link NodeSpec#params()}) to a Struct.
   *
   * @param map string keys; values are numbers, strings, booleans, null, lists and maps of these
   * @return the Struct
   */
  public static Struct toStruct(Map<String, ?> map) {
    Struct.Builder struct = Struct.newBuilder();
    map.forEach((key, value) -> struct.putFields(key, toValue(value)));
    return struct.build();
  }

  /**
   * Maps a Struct to a JSON-like map; numbers become {@code Double}.
   *
   * @param struct the Struct
   * @return the map, in the Struct's order
   */
  public static Map<String, Object> fromStruct(Struct struct) {
    Map<String, Object> map = new LinkedHashMap<>();
    struct.getFieldsMap().forEach((key, value) -> map.put(key, fromValue(value)));
    return map;
  }

  /**
   * Maps a node's params like {@link #fromStruct}, but refuses a Value with no kind set: it is
   * no JSON value at all, and protobufjs sends one for {@code {number_value: -6}} (it reads
   * only the camelCase {@code numberValue}), which would otherwise take the default quietly.
   * A value's path is built only for that error: building it for every value cost the key's
   * length per value, and a long key over a long list made that quadratic in the message.
   */
  private static Map<String, Object> params(Struct struct, Supplier<String> path) {
    Map<String, Object> map = new LinkedHashMap<>();
    struct.getFieldsMap().forEach((key, value) ->
        map.put(key, param(value, () -> path.get() + "." + key)));
    return map;
  }

  private static Object param(Value value, Supplier<String> path) {
    return switch (value.getKindCase()) {
      case KIND_NOT_SET -> throw PipelineException.invalidManifest(
          ManifestLocation.ofPath(path.get()),
          "a google.protobuf.Value with no kind set; set one of number_value, string_value,"
              + " bool_value, list_value or struct_value (protobufjs reads only the camelCase"
              + " {numberValue: -6}, even with keepCase: {number_value: -6} arrives empty)");
      case STRUCT_VALUE -> params(value.getStructValue(), path);
      case LIST_VALUE -> {
        List<Object> list = new ArrayList<>();
        List<Value> items = value.getListValue().getValuesList();
        for (int i = 0; i < items.size(); i++) {
          int index = i;
          list.add(param(items.get(i), () -> path.get() + "[" + index + "]"));
        }
        yield list;
      }
      default -> fromValue(value);
    };
  }

  private static Value toValue(Object value) {
    if (value == null) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (value instanceof String text) {
      return Value.newBuilder().setStringValue(text).build();
    }
    if (value instanceof Number number) {
      return Value.newBuilder().setNumberValue(number.doubleValue()).build();
    }
    if (value instanceof Boolean flag) {
      return Value.newBuilder().setBoolValue(flag).build();
    }
    if (value instanceof Map<?, ?> map) {
      Struct.Builder struct = Struct.newBuilder();
      map.forEach((key, item) -> struct.putFields(String.valueOf(key), toValue(item)));
      return Value.newBuilder().setStructValue(struct).build();
    }
    if (value instanceof List<?> list) {
      ListValue.Builder items = ListValue.newBuilder();
      list.forEach(item -> items.addValues(toValue(item)));
      return Value.newBuilder().setListValue(items).build();
    }
    throw new IllegalArgumentException(
        "not a JSON-like value: " + value.getClass().getName());
  }

  private static Object fromValue(Value value) {
    return switch (value.getKindCase()) {
      case NULL_VALUE, KIND_NOT_SET -> null;
      case NUMBER_VALUE -> value.getNumberValue();
      case STRING_VALUE -> value.getStringValue();
      case BOOL_VALUE -> value.getBoolValue();
      case STRUCT_VALUE -> fromStruct(value.getStructValue());
      case LIST_VALUE -> {
        List<Object> list = new ArrayList<>();
        value.getListValue().getValuesList().forEach(item -> list.add(fromValue(item)));
        yield list;
      }
    };
  }
}
