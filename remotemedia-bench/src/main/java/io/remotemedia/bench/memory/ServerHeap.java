package io.remotemedia.bench.memory;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The heap of another JVM on this machine (the server's), read over JMX through the attach API:
 * the same {@link MemoryMXBean} figures the in-process tools read, a full GC ({@code
 * MemoryMXBean.gc()}, as {@code jcmd PID GC.run}), the heap pools' peaks, the class histogram
 * of live objects ({@code jmap -histo:live}) and the process's resident set from {@code
 * /proc}. Attaching starts the target's local management agent, which stays; take baselines
 * after attaching. One instance per target, closed by the caller.
 */
final class ServerHeap implements AutoCloseable {
  private final long pid;
  private final JMXConnector connector;
  private final MemoryMXBean memory;
  private final List<MemoryPoolMXBean> heapPools;
  private final MBeanServerConnection connection;
  private final com.sun.management.ThreadMXBean threads;

  private ServerHeap(long pid, JMXConnector connector) throws IOException {
    this.pid = pid;
    this.connector = connector;
    this.connection = connector.getMBeanServerConnection();
    this.memory = ManagementFactory.newPlatformMXBeanProxy(connection,
        ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    this.heapPools = ManagementFactory.getPlatformMXBeans(connection, MemoryPoolMXBean.class)
        .stream().filter(pool -> pool.getType() == MemoryType.HEAP).toList();
    this.threads = ManagementFactory.newPlatformMXBeanProxy(connection,
        ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
  }

  /**
   * Attaches to the JVM of process {@code pid} (same user, same machine).
   *
   * @throws IOException if it cannot attach or connect
   */
  static ServerHeap attach(long pid) throws IOException {
    String address;
    try {
      VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
      try {
        address = vm.startLocalManagementAgent();
      } finally {
        vm.detach();
      }
    } catch (AttachNotSupportedException e) {
      throw new IOException("cannot attach to process " + pid, e);
    }
    return new ServerHeap(pid, JMXConnectorFactory.connect(new JMXServiceURL(address)));
  }

  /** Runs three full GCs in the target and returns its used heap after them, in bytes. */
  long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      memory.gc();
    }
    return used();
  }

  /** The target's used heap now, in bytes (garbage included). */
  long used() {
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** Resets every heap pool's peak usage to its current usage. */
  void resetPeaks() {
    heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /** The sum of the heap pools' peak usage since the last reset, in bytes. */
  long poolPeakSum() {
    return heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
  }

  /** The class histogram of live objects (it runs a full GC), as {@code jmap -histo:live}. */
  String liveHistogram() throws JMException, IOException {
    return (String) connection.invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
  }

  /**
   * The heap bytes the target's live threads have allocated since they started, summed (the
   * threads' allocation counters; a thread that has ended no longer counts, so compare two
   * readings across work done by long-lived threads, such as the server's event loops and
   * workers).
   */
  long threadAllocatedBytes() {
    long sum = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      sum += Math.max(0, bytes);
    }
    return sum;
  }

  /** The target's resident set size from {@code /proc/PID/status}, in bytes. */
  long rssBytes() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("no VmRSS in /proc/" + pid + "/status");
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
