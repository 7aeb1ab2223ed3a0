package dev.checkoutsaga.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The local stack's switch for each server of {@link InfraMain}: stop one (PostgreSQL, Redis, Kafka)
 * and start it again while the others and the services keep running, which is what a fault
 * rehearsal needs ({@code deploy/local/stack stop postgres}). Plain HTTP on loopback:
 * <pre>
 * GET  /servers                 one line per server: "postgres running"
 * POST /servers/{name}/stop     stops it (data kept), answers its new state
 * POST /servers/{name}/start    starts it again on the same port with the same data
 * </pre>
 */
final class InfraControl {

    /** One server as the switch sees it. */
    record Server(Runnable start, Runnable stop, BooleanSupplier running) {
    }

    private final Map<String, Server> servers;

    private InfraControl(Map<String, Server> servers) {
        this.servers = new LinkedHashMap<>(servers);
    }

    /** Listens on 127.0.0.1:{@code port}, one request at a time (a stop or start takes seconds). */
    static HttpServer listen(int port, Map<String, Server> servers) throws IOException {
        InfraControl control = new InfraControl(servers);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.createContext("/servers", control::handle);
        http.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "infra-control");
            t.setDaemon(true);
            return t;
        }));
        http.start();
        return http;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/"); // "", "servers", name, action
        String method = exchange.getRequestMethod();
        try {
            if (parts.length == 2 && method.equals("GET")) {
                answer(exchange, 200, servers.keySet().stream().map(this::state).collect(Collectors.joining("\n")));
            } else if (parts.length == 4 && method.equals("POST") && servers.containsKey(parts[2])) {
                Server server = servers.get(parts[2]);
                switch (parts[3]) {
                    case "stop" -> {
                        if (server.running().getAsBoolean()) {
                            server.stop().run();
                        }
                    }
                    case "start" -> {
                        if (!server.running().getAsBoolean()) {
                            server.start().run();
                        }
                    }
                    default -> {
                        answer(exchange, 404, "unknown action " + parts[3] + " (stop, start)");
                        return;
                    }
                }
                System.out.println("infra control: " + state(parts[2]));
                answer(exchange, 200, state(parts[2]));
            } else {
                answer(exchange, 404, "servers: " + String.join(", ", servers.keySet())
                        + "; GET /servers, POST /servers/{name}/stop|start");
            }
        } catch (RuntimeException e) {
            answer(exchange, 500, parts.length > 2 ? parts[2] + ": " + e : e.toString());
        }
    }

    private String state(String name) {
        return name + (servers.get(name).running().getAsBoolean() ? " running" : " stopped");
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
