package dev.checkoutsaga.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node Kafka 4.1 cluster (KRaft combined mode: broker + controller) running inside
 * this JVM.
 *
 * <p>Both listeners get real fixed ports: with port 0 the broker would advertise ":0", and a
 * restarted broker must come back on the same address for clients to reconnect. Log directories
 * survive {@link #stop()}, so topics and committed offsets survive a restart.
 */
public final class EmbeddedKafkaBroker implements KafkaService {

    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;

    private final int port;
    private final int controllerPort;
    private final Path logDir;
    private KafkaRaftServer server;

    /**
     * @param port           client (PLAINTEXT) port, or 0 to pick a free one now
     * @param controllerPort KRaft controller port, or 0 to pick a free one now
     * @param logDir         log (and metadata) directory; formatted on first start
     */
    public EmbeddedKafkaBroker(int port, int controllerPort, Path logDir) {
        this.port = FreePorts.orFree(port);
        int cp = FreePorts.orFree(controllerPort);
        while (cp == this.port) {
            cp = FreePorts.find();
        }
        this.controllerPort = cp;
        this.logDir = logDir;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        preventJvmExit();
        KafkaConfig config = new KafkaConfig(brokerProperties(), false);
        formatIfNeeded(config);
        KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            s.startup();
        } catch (RuntimeException e) {
            s.shutdown();
            s.awaitShutdown();
            throw e;
        }
        server = s;
    }

    @Override
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        // controlled shutdown; returns once sockets are closed and logs are flushed
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public Path logDir() {
        return logDir;
    }

    /**
     * On fatal errors the broker calls {@code Exit.exit/halt}, which would take the whole test JVM
     * down (halt even skips the shutdown hooks that stop PostgreSQL and Redis). Turn those calls
     * into exceptions; {@link #start()} then fails normally.
     */
    private static void preventJvmExit() {
        Exit.setExitProcedure((code, message) -> {
            throw new IllegalStateException("Embedded Kafka requested exit(" + code + "): " + message);
        });
        Exit.setHaltProcedure((code, message) -> {
            throw new IllegalStateException("Embedded Kafka requested halt(" + code + "): " + message);
        });
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // single node: every internal topic must live with one replica
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("default.replication.factor", "1");
        // tests start consumers and expect assignments at once
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "true");
        // services key events by orderId: several partitions make ordering bugs visible
        p.put("num.partitions", "3");
        // the default dedupe buffer alone is 128 MB; Kafka wants more than 1 MB per cleaner thread
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("background.threads", "2");
        p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        return p;
    }

    /** Formats the log directory like {@code kafka-storage.sh format} does, once per directory. */
    private void formatIfNeeded(KafkaConfig config) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setUnstableFeatureVersionsEnabled(false)
                    .setIgnoreFormatted(true)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(logDir.toString())
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka log directory " + logDir, e);
        }
    }
}
