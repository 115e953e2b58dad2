package io.foldwise.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder in front of a real loopback server: to test what clients do while that server is
 * unreachable ({@link #stop} closes the listening port and every connection; {@link #start} opens it again on
 * the same port), or to make it reachable on another local address (a second host's network, see
 * {@link #TcpProxy(InetAddress, int, int)}).
 */
public final class TcpProxy implements AutoCloseable {
    private final InetAddress listenAddress;
    private final int targetPort;
    private volatile int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;

    /** Listens on a free loopback port. */
    public TcpProxy(int targetPort) {
        this(InetAddress.getLoopbackAddress(), 0, targetPort);
    }

    /** Listens on {@code listenAddress:listenPort} (0: a free port) and forwards to loopback {@code targetPort}. */
    public TcpProxy(InetAddress listenAddress, int listenPort, int targetPort) {
        this.listenAddress = java.util.Objects.requireNonNull(listenAddress, "listenAddress == null");
        this.port = listenPort;
        this.targetPort = targetPort;
    }

    public int port() {
        return port;
    }

    /** Listens on its port (a free one the first time if none was given), on the same port after a {@link #stop}. */
    public synchronized TcpProxy start() throws IOException {
        ServerSocket s = bindWithRetry();
        port = s.getLocalPort();
        server = s;
        Thread accept = new Thread(() -> acceptLoop(s), "tcp-proxy-" + port);
        accept.setDaemon(true);
        accept.start();
        return this;
    }

    private ServerSocket bindWithRetry() throws IOException {
        for (int attempt = 0; ; attempt++) {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            try {
                s.bind(new java.net.InetSocketAddress(listenAddress, port));
                return s;
            } catch (java.net.BindException e) {
                s.close();
                if (attempt == 50) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void acceptLoop(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket in = s.accept();
                Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                synchronized (this) {
                    if (s.isClosed()) { // stopped while this connection was being set up
                        closeQuietly(in);
                        closeQuietly(out);
                        return;
                    }
                    sockets.add(in);
                    sockets.add(out);
                }
                pump(in, out);
                pump(out, in);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // connection closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    public synchronized void stop() {
        if (server != null) {
            closeQuietly(server);
            server = null;
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    @Override
    public void close() {
        stop();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing anyway
        }
    }
}
