package io.keywarden.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The sandbox upstream on its own, without Spring or a database, for benchmarks and for running
 * keywarden against an upstream in another process. It uses virtual threads where the JDK has
 * them, since held and delayed requests would otherwise each pin a platform thread.
 */
public final class StandaloneSandbox implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final SandboxUpstream upstream;

    private StandaloneSandbox(HttpServer server, ExecutorService executor, SandboxUpstream upstream) {
        this.server = server;
        this.executor = executor;
        this.upstream = upstream;
    }

    /** Starts serving on the loopback address; port 0 picks a free one. */
    public static StandaloneSandbox start(SandboxSettings settings, int port) throws IOException {
        return start(settings, "127.0.0.1", port);
    }

    public static StandaloneSandbox start(SandboxSettings settings, String host, int port) throws IOException {
        SandboxUpstream upstream = new SandboxUpstream(settings);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        ExecutorService executor = newExecutor();
        server.setExecutor(executor);
        server.createContext(StandaloneHandler.PREFIX, new StandaloneHandler(upstream));
        server.start();
        return new StandaloneSandbox(server, executor, upstream);
    }

    public static void main(String[] args) throws IOException {
        StandaloneArguments arguments = StandaloneArguments.parse(args);
        StandaloneSandbox sandbox = start(arguments.settings(), arguments.host(), arguments.port());
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
        System.out.println("Sandbox upstream listening on " + sandbox.baseUri() + " with " + arguments.settings());
    }

    /** Where the upstream answers, with the trailing slash keywarden's base URL has. */
    public URI baseUri() {
        InetSocketAddress address = server.getAddress();
        return URI.create(
                "http://" + address.getHostString() + ":" + address.getPort() + StandaloneHandler.PREFIX + "/");
    }

    /** The core behind the server, to arm faults and inspect keys in-process. */
    public SandboxUpstream upstream() {
        return upstream;
    }

    /** Stops at once; held requests are interrupted and their connections dropped. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static ExecutorService newExecutor() {
        try {
            return (ExecutorService)
                    Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newCachedThreadPool();
        }
    }
}
