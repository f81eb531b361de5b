package io.remotemedia.server.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The {@code hash-token} subcommand: prints the tokens-file line {@code NAME:sha256hex} for a
 * token read from stdin, or for a new random 256-bit token that it prints once on stderr.
 *
 * <pre>
 * java -jar remotemedia-server.jar hash-token --generate alice >> tokens.txt
 * printf %s "$TOKEN" | java -jar remotemedia-server.jar hash-token alice >> tokens.txt
 * </pre>
 */
public final class HashTokenCommand {
  /** The subcommand's name. */
  public static final String NAME = "hash-token";
  static final String USAGE = """
      usage: java -jar remotemedia-server.jar hash-token [--generate] NAME
        prints NAME:SHA256HEX, the tokens-file line for a token
        NAME         the client's name: letters, digits, '.', '_' or '-'
        --generate   make a random 256-bit token and print it once on stderr;
                     without it the token is the first line of stdin""";

  private HashTokenCommand() {}

  /**
   * Runs the subcommand; {@code args} excludes the subcommand's name.
   *
   * @param args the arguments after {@code hash-token}: the client name, and {@code --generate}
   *     to make a random token
   * @param in where the token is read from (its first line), unless {@code --generate} is given
   * @param out receives the tokens-file line
   * @param err receives usage errors, and a generated token (shown once)
   * @return the exit status: 0, or 2 for bad usage
   * @throws IOException if {@code in} cannot be read
   */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err)
      throws IOException {
    boolean generate = false;
    String name = null;
    for (String arg : args) {
      if (arg.equals("--generate")) {
        generate = true;
      } else if (arg.equals("--help") || arg.equals("-h")) {
        out.println(USAGE);
        return 0;
      } else if (name == null && !arg.startsWith("-")) {
        name = arg;
      } else {
        err.println("hash-token: unexpected argument \"" + arg + "\"");
        err.println(USAGE);
        return 2;
      }
    }
    if (name == null || !TokenSet.CLIENT_NAME.matcher(name).matches()) {
      err.println(name == null ? "hash-token: NAME is required"
          : "hash-token: NAME must be 1 to 64 letters, digits, '.', '_' or '-', was \"" + name
              + "\"");
      err.println(USAGE);
      return 2;
    }
    String token;
    if (generate) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      err.println("token for " + name + " (shown once; give it to the client): " + token);
    } else {
      String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
          .readLine();
      token = line == null ? "" : line.strip();
      if (token.isEmpty()) {
        err.println("hash-token: no token on stdin; pipe one in, or use --generate");
        return 2;
      }
    }
    out.println(TokenSet.hashLine(name, token));
    return 0;
  }
}
