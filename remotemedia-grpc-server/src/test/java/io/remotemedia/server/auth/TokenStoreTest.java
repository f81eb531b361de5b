package io.remotemedia.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreTest {
  @TempDir Path temp;
  private TokenStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void reloadIfChanged_brokenThenFixedFile_keepsTheOldSetThenTakesTheNewOne() throws Exception {
    Path file = temp.resolve("tokens.txt");
    write(file, TokenSet.hashLine("alice", "a-token") + "\n");
    store = TokenStore.open(file, /* checkIntervalMs= */ 0);

    write(file, "alice:not-a-hash\n");
    store.reloadIfChanged();
    assertThat(store.current().authenticate("a-token")).hasValue("alice");

    write(file, TokenSet.hashLine("bob", "b-token") + "\n");
    store.reloadIfChanged();
    assertThat(store.current().authenticate("b-token")).hasValue("bob");
    assertThat(store.current().authenticate("a-token")).isEmpty();
  }

  @Test
  void reloadIfChanged_fileEmptiedOfClients_takesTheEmptySetAndTellsTheListeners()
      throws Exception {
    Path file = temp.resolve("tokens.txt");
    write(file, TokenSet.hashLine("alice", "a-token") + "\n");
    store = TokenStore.open(file, 0);
    List<TokenSet> told = new ArrayList<>();
    store.addListener(told::add);

    write(file, "# alice revoked\n");
    store.reloadIfChanged();

    assertThat(store.current().authenticate("a-token")).isEmpty();
    assertThat(store.current().isEmpty()).isTrue();
    assertThat(told).singleElement().isSameAs(store.current());
  }

  @Test
  void reloadIfChanged_unchangedFile_keepsTheSameSet() throws Exception {
    Path file = temp.resolve("tokens.txt");
    write(file, TokenSet.hashLine("alice", "a-token") + "\n");
    store = TokenStore.open(file, 0);
    TokenSet before = store.current();

    store.reloadIfChanged();

    assertThat(store.current()).isSameAs(before);
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
