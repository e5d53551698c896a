package io.ecsdeploy.operator.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP forwarder on a free loopback port, in front of another loopback port, that can cut every
 * connection going through it and refuse new ones for a while: the network between a client and a
 * server failing, while both keep running. In front of the API server it drops the operator's
 * watches (TLS passes through untouched: the API server's certificate names 127.0.0.1, whatever the
 * port).
 */
public final class TcpProxy implements AutoCloseable {
  private final int upstreamPort;
  private final ServerSocket server;

  /** Each connection as its two sockets: the client's and the one to the upstream. */
  private final Set<Socket[]> open = ConcurrentHashMap.newKeySet();

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong cut = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private volatile boolean refusing;
  private volatile boolean closed;

  private TcpProxy(int upstreamPort) throws IOException {
    this.upstreamPort = upstreamPort;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A proxy to {@code 127.0.0.1:upstreamPort}. */
  public static TcpProxy to(int upstreamPort) {
    try {
      return new TcpProxy(upstreamPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /**
   * Closes every connection now open, both ways, and until {@link #accept} closes each new one as
   * soon as it arrives: clients see their streams end and their reconnects fail.
   */
  public void cutAndRefuse() {
    refusing = true;
    for (Socket[] connection : open) {
      closeQuietly(connection[0]);
      closeQuietly(connection[1]);
      cut.incrementAndGet();
    }
  }

  /** Forwards new connections again. */
  public void accept() {
    refusing = false;
  }

  /** Connections that were open when {@link #cutAndRefuse} cut them. */
  public long connectionsCut() {
    return cut.get();
  }

  /** Connections closed on arrival while refusing. */
  public long connectionsRefused() {
    return refused.get();
  }

  /** Connections forwarded (or tried: the upstream may have refused them). */
  public long connectionsAccepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      if (refusing) {
        closeQuietly(client);
        refused.incrementAndGet();
        continue;
      }
      accepted.incrementAndGet();
      Socket upstream;
      try {
        upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
      } catch (IOException e) {
        closeQuietly(client);
        continue;
      }
      Socket[] connection = {client, upstream};
      open.add(connection);
      pump(client, upstream, connection);
      pump(upstream, client, connection);
    }
  }

  /** Copies one direction until either side ends, then closes both. */
  private void pump(Socket from, Socket to, Socket[] connection) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // One side ended or was cut: end the other too.
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(connection);
              }
            },
            "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket[] connection : open) {
      closeQuietly(connection[0]);
      closeQuietly(connection[1]);
    }
  }
}
