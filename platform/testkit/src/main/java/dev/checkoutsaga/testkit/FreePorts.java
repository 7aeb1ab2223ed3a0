package dev.checkoutsaga.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks free loopback ports.
 *
 * <p>Servers are always given a concrete port instead of 0: Kafka would otherwise advertise ":0",
 * and a fixed number lets a stopped server come back on the same address so clients reconnect.
 */
public final class FreePorts {

    private FreePorts() {
    }

    /** Returns a TCP port that was free on 127.0.0.1 at the time of the call. */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port", e);
        }
    }

    /** Returns {@code port} itself if it is positive, otherwise a free port. */
    public static int orFree(int port) {
        return port > 0 ? port : find();
    }
}
