package io.remotemedia.pipeline.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.NodeTypeDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/nodes.md lists every built-in node type and every parameter as the code declares it. */
class NodeCatalogDocsTest {

  @Test
  void nodesDoc_listsEveryTypeAndParameterWithDefaultAndRange() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "nodes.md"));

    for (NodeFactory factory : NodeRegistry.standard().factories()) {
      if (factory.getClass().getPackageName().startsWith("com.example")) {
        continue; // the test class path's custom node is not part of the library
      }
      NodeTypeDescription type = LocalPipelineRunner.create().nodeTypes().stream()
          .filter(t -> t.nodeType().equals(factory.nodeType())).findFirst().orElseThrow();
      assertThat(doc).as("section of %s", type.nodeType())
          .contains("## " + type.nodeType() + "\n");
      for (NodeTypeDescription.ParameterDescription parameter : type.parameters()) {
        String defaultText = parameter.defaultValue().isEmpty()
            ? "(none)" : "`" + parameter.defaultValue() + "`";
        assertThat(doc).as("row of %s.%s", type.nodeType(), parameter.name())
            .contains("| `" + parameter.name() + "` | " + parameter.type() + " | " + defaultText
                + " | " + parameter.allowed().replace("|", "\\|") + " |");
      }
    }
  }
}
