package space.telemetry.localinfra;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A TCP proxy on a local port that forwards to a target and can simulate an outage: {@link #cut}, {@link #restore}. */
public final class FaultProxy implements AutoCloseable {
    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;
    private Future<?> acceptor;

    private FaultProxy(String targetHost, int targetPort, int port) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.port = port;
    }

    /** Starts forwarding 127.0.0.1:{@code port} (0: a free port) to {@code targetHost:targetPort}. */
    public static FaultProxy start(String targetHost, int targetPort, int port) {
        FaultProxy proxy = new FaultProxy(targetHost, targetPort, port > 0 ? port : KafkaBroker.freePort());
        proxy.restore();
        return proxy;
    }

    /** The local port clients connect to. */
    public int port() {
        return port;
    }

    /** Closes every forwarded connection and stops listening: new connections are refused until {@link #restore}. */
    public synchronized void cut() {
        if (server != null) {
            closeQuietly(server);
            server = null;
            try {
                // the JDK closes a listening socket for good only once its accepting thread has let go of it
                acceptor.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("fault proxy on " + port + " did not stop accepting", e);
            }
        }
        open.forEach(FaultProxy::closeQuietly);
        open.clear();
    }

    /** Listens again (no-op while listening). */
    public synchronized void restore() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket listening = new ServerSocket();
            listening.setReuseAddress(true);
            listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            server = listening;
            acceptor = threads.submit(() -> accept(listening));
        } catch (IOException e) {
            throw new UncheckedIOException("fault proxy cannot listen on " + port, e);
        }
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                open.add(client);
                threads.execute(() -> connect(client));
            } catch (IOException e) {
                // closed by cut() or close()
            }
        }
    }

    private void connect(Socket client) {
        try {
            Socket target = new Socket(targetHost, targetPort);
            open.add(target);
            if (client.isClosed()) { // cut() while connecting
                closeQuietly(target);
                return;
            }
            threads.execute(() -> pump(client, target));
            pump(target, client);
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    /** Copies bytes one way until either side closes, then closes both. */
    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // a side closed, or cut()
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
        threads.shutdownNow();
    }
}
