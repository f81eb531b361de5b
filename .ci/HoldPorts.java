import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds the README server's ports on loopback while CI runs the tests, so a test that binds
 * one of them fails there as it would beside a user's running server (issue 11: "the suite
 * passes with a server already running on 50051 and 9090"). A port that something else holds
 * already is left to it. Runs until killed:
 *
 * <pre>
 * java .ci/HoldPorts.java 50051 9090 &amp;
 * </pre>
 */
public final class HoldPorts {
  private HoldPorts() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    List<ServerSocket> held = new ArrayList<>();
    for (String arg : args) {
      int port = Integer.parseInt(arg);
      ServerSocket socket = new ServerSocket();
      try {
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        held.add(socket);
        System.out.println("HoldPorts: holding 127.0.0.1:" + port);
      } catch (BindException e) {
        socket.close();
        System.out.println("HoldPorts: 127.0.0.1:" + port + " is already taken; good enough");
      }
    }
    Thread.currentThread().join();
  }
}
