package dev.checkoutsaga.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import org.postgresql.PGStatement;

/**
 * Replays the captured saga's transactions from concurrent JDBC connections against scratch copies
 * of the services' databases in the same PostgreSQL ({@code bench_replay_<db>}, schema from the services'
 * own Flyway migrations read out of their packaged jars, the catalog copied), every UUID remapped to
 * a fresh one per copy so that no key collides. A scratch copy, not the live databases: replayed
 * outbox rows would otherwise be published by the running relays and drive real sagas.
 */
final class Replay implements AutoCloseable {

    static final String PREFIX = "bench_replay_";
    /** The channel outbox_event's insert trigger notifies (platform/outbox V0_1__outbox_inbox.sql). */
    static final String OUTBOX_CHANNEL = "outbox_event";

    /** One statement ready for JDBC: SQL with ? placeholders and, per placeholder, the captured value. */
    record Step(String sql, List<String> values, boolean simple, boolean named) {
    }

    record Tx(String database, boolean explicit, boolean rollback, List<Step> steps) {
    }

    /** Result of one concurrency level. */
    record Level(int concurrency, double seconds, long sagas, long transactions, long statements, long errors,
            double sagasPerSecond, Map<String, Double> cpuSeconds, long relayBatches, long relayRows,
            Map<String, Long> unpublishedAtEnd) {
    }

    private final List<Tx> saga;
    private final Map<String, String> scratch = new LinkedHashMap<>();
    final List<String> errorSamples = new ArrayList<>();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

    /**
     * The outbox relay of one database as captured: its claim (SELECT ... FOR UPDATE SKIP LOCKED on
     * outbox_event) and mark-published statements, and what its backend ran right after a batch
     * that was not full (the backlog gauge), if anything.
     */
    record Relay(String database, Step claim, Step mark, Step afterBatch, int limit) {
    }

    private final Map<String, Relay> relays = new LinkedHashMap<>();
    private int relayTxsPerSaga;

    /**
     * @param captured the saga's transactions, in log order
     * @param excluded the other transactions of the capture window (the relays' gauges are taken from them)
     */
    Replay(List<StatementLog.Tx> captured, List<StatementLog.Tx> excluded) {
        List<Tx> txs = new ArrayList<>();
        for (StatementLog.Tx t : captured) {
            List<Step> steps = new ArrayList<>();
            for (StatementLog.Stmt s : t.work()) {
                steps.add(toStep(s));
            }
            if (steps.isEmpty()) {
                continue;
            }
            if (isRelay(t)) {
                // one relay thread per service claims whatever is unpublished: emulated as such (see runRelay)
                relayTxsPerSaga++;
                relays.computeIfAbsent(t.database(), db -> relayOf(t, steps, excluded));
                continue;
            }
            txs.add(new Tx(t.database(), t.explicit(), t.rolledBack(), steps));
        }
        this.saga = List.copyOf(txs);
    }

    /** A claim-and-mark transaction of the outbox relay. */
    static boolean isRelay(StatementLog.Tx t) {
        List<StatementLog.Stmt> w = t.work();
        return t.explicit() && w.size() == 2 && w.get(0).sql().toLowerCase().contains("from outbox_event")
                && w.get(0).sql().toLowerCase().contains("skip locked") && w.get(1).sql().toLowerCase().startsWith("update outbox_event");
    }

    private static Relay relayOf(StatementLog.Tx t, List<Step> steps, List<StatementLog.Tx> excluded) {
        // the statement the relay's backend ran most often on its own, outside a claim (its backlog gauge)
        Map<String, StatementLog.Stmt> byText = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (StatementLog.Tx e : excluded) {
            if (e.pid() == t.pid() && !e.explicit() && e.work().size() == 1) {
                StatementLog.Stmt st = e.work().get(0);
                byText.putIfAbsent(st.sql(), st);
                counts.merge(st.sql(), 1, Integer::sum);
            }
        }
        Step after = counts.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> toStep(byText.get(e.getKey()))).orElse(null);
        int limit = 200;
        if (!steps.get(0).values().isEmpty()) {
            try {
                limit = Integer.parseInt(steps.get(0).values().get(0));
            } catch (NumberFormatException e) {
                // keep the default
            }
        }
        return new Relay(t.database(), steps.get(0), steps.get(1), after, limit);
    }

    int transactionsPerSaga() {
        return saga.size() + relayTxsPerSaga;
    }

    int statementsPerSaga() {
        return saga.stream().mapToInt(t -> t.steps().size()).sum() + 2 * relayTxsPerSaga;
    }

    Map<String, Relay> relays() {
        return relays;
    }

    /** $n placeholders to ?, in order of appearance (a $n used twice is bound twice); literals and identifiers skipped. */
    static Step toStep(StatementLog.Stmt s) {
        if (s.preparedName() == null) {
            return new Step(s.sql(), List.of(), true, false);
        }
        StringBuilder sql = new StringBuilder();
        List<String> values = new ArrayList<>();
        String in = s.sql();
        int i = 0;
        while (i < in.length()) {
            char c = in.charAt(i);
            if (c == '\'' || c == '"') {
                int j = i + 1;
                while (j < in.length()) {
                    if (in.charAt(j) == c) {
                        if (j + 1 < in.length() && in.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                sql.append(in, i, Math.min(j + 1, in.length()));
                i = j + 1;
            } else if (c == '$' && i + 1 < in.length() && Character.isDigit(in.charAt(i + 1))) {
                int j = i + 1;
                while (j < in.length() && Character.isDigit(in.charAt(j))) {
                    j++;
                }
                int n = Integer.parseInt(in.substring(i + 1, j));
                values.add(n - 1 < s.params().size() ? s.params().get(n - 1) : null);
                sql.append('?');
                i = j;
            } else {
                sql.append(c);
                i++;
            }
        }
        return new Step(sql.toString(), values, false, !"<unnamed>".equals(s.preparedName()));
    }

    // --- scratch databases

    /**
     * Creates {@code bench_replay_<db>} for every database the saga touches, with the schema of the
     * service that owns it (its Flyway migrations, in version order, from its quarkus-app jars) and a
     * copy of the product catalog with unlimited stock.
     */
    void createScratchDatabases(Map<String, Path> quarkusAppOfDatabase) throws Exception {
        try (Connection admin = connect("postgres")) {
            for (String db : saga.stream().map(Tx::database).distinct().toList()) {
                Path app = quarkusAppOfDatabase.get(db);
                if (app == null) {
                    throw new IllegalStateException("no running service found that owns database " + db);
                }
                String name = PREFIX + db;
                try (Statement st = admin.createStatement()) {
                    st.execute("drop database if exists " + name + " with (force)");
                    st.execute("create database " + name);
                }
                scratch.put(db, name);
                try (Connection c = connect(name); Statement st = c.createStatement()) {
                    for (Map.Entry<String, String> m : migrations(app).entrySet()) {
                        try {
                            st.execute(m.getValue());
                        } catch (SQLException e) {
                            throw new IllegalStateException("migration " + m.getKey() + " of " + app + " failed on " + name, e);
                        }
                    }
                }
            }
            if (scratch.containsKey("inventory")) {
                copyTable("inventory", "product");
                try (Connection c = connect(scratch.get("inventory")); Statement st = c.createStatement()) {
                    st.execute("update product set available = 1000000000");
                }
            }
        }
    }

    private void copyTable(String db, String table) throws SQLException {
        try (Connection from = connect(db); Connection to = connect(scratch.get(db));
                Statement st = from.createStatement(); ResultSet rs = st.executeQuery("select * from " + table)) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<String> cols = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                cols.add(md.getColumnName(i));
            }
            String insert = "insert into " + table + " (" + String.join(", ", cols) + ") values ("
                    + String.join(", ", cols.stream().map(c -> "?").toList()) + ")";
            try (PreparedStatement ps = to.prepareStatement(insert)) {
                while (rs.next()) {
                    for (int i = 1; i <= n; i++) {
                        ps.setObject(i, rs.getObject(i));
                    }
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Flyway's V&lt;version&gt;__&lt;name&gt;.sql under the service's quarkus.flyway.locations, in version order. */
    static Map<String, String> migrations(Path quarkusApp) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String sub : List.of("app", "lib/main")) {
            Path d = quarkusApp.resolve(sub);
            if (Files.isDirectory(d)) {
                try (Stream<Path> s = Files.list(d)) {
                    s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(jars::add);
                }
            }
        }
        List<String> locations = List.of("db/migration");
        for (Path jar : jars.stream().filter(j -> j.getParent().getFileName().toString().equals("app")).toList()) {
            try (JarFile jf = new JarFile(jar.toFile())) {
                var e = jf.getJarEntry("application.properties");
                if (e != null) {
                    Properties p = new Properties();
                    try (InputStream in = jf.getInputStream(e)) {
                        p.load(in);
                    }
                    String loc = p.getProperty("quarkus.flyway.locations");
                    if (loc != null) {
                        locations = Arrays.stream(loc.split(",")).map(String::trim).map(l -> l.replaceFirst("^classpath:", ""))
                                .map(l -> l.replaceAll("^/|/$", "")).toList();
                    }
                }
            }
        }
        Map<String, String> found = new HashMap<>();
        for (Path jar : jars) {
            try (JarFile jf = new JarFile(jar.toFile())) {
                var entries = jf.entries();
                while (entries.hasMoreElements()) {
                    var e = entries.nextElement();
                    String name = e.getName();
                    int slash = name.lastIndexOf('/');
                    if (slash < 0 || !locations.contains(name.substring(0, slash))) {
                        continue;
                    }
                    String file = name.substring(slash + 1);
                    if (file.startsWith("V") && file.contains("__") && file.endsWith(".sql")) {
                        try (InputStream in = jf.getInputStream(e)) {
                            found.put(file, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        found.keySet().stream().sorted(Comparator.comparing(Replay::version, Replay::compareVersions))
                .forEach(f -> ordered.put(f, found.get(f)));
        if (ordered.isEmpty()) {
            throw new IllegalStateException("no Flyway migrations found in " + quarkusApp + " under " + locations);
        }
        return ordered;
    }

    private static long[] version(String file) {
        String v = file.substring(1, file.indexOf("__"));
        return Arrays.stream(v.split("[._]")).mapToLong(Long::parseLong).toArray();
    }

    private static int compareVersions(long[] a, long[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            long x = i < a.length ? a[i] : 0;
            long y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Long.compare(x, y);
            }
        }
        return 0;
    }

    // --- the replay

    /** Runs {@code concurrency} workers, each replaying whole sagas back to back, and counts sagas finished in the measured window. */
    Level run(int concurrency, long warmupMillis, long measureMillis, Processes processes) throws Exception {
        AtomicLong sagas = new AtomicLong();
        AtomicLong txs = new AtomicLong();
        AtomicLong stmts = new AtomicLong();
        AtomicLong errorCount = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmupMillis * 1_000_000;
        long end = measureFrom + measureMillis * 1_000_000;
        AtomicLong relayBatches = new AtomicLong();
        AtomicLong relayRows = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> relayThreads = new ArrayList<>();
        for (Relay r : relays.values()) {
            relayThreads.add(Thread.ofPlatform().name("relay-" + r.database()).start(() -> {
                try {
                    runRelay(r, stop, measureFrom, end, relayBatches, relayRows);
                } catch (Exception e) {
                    errors.add("relay " + r.database() + ": " + e.getMessage());
                }
            }));
        }
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(Thread.ofPlatform().name("replay-" + w).start(() -> {
                Map<String, Connection> conns = new HashMap<>();
                try {
                    while (System.nanoTime() < end) {
                        long[] counts = replayOnce(conns);
                        long now = System.nanoTime();
                        if (now >= measureFrom && now <= end) {
                            sagas.incrementAndGet();
                            txs.addAndGet(counts[0]);
                            stmts.addAndGet(counts[1]);
                            errorCount.addAndGet(counts[2]);
                        }
                    }
                } catch (SQLException e) {
                    errors.add("worker: " + e.getMessage());
                } finally {
                    conns.values().forEach(c -> {
                        try {
                            c.close();
                        } catch (SQLException ignored) {
                            // closing
                        }
                    });
                }
            }));
        }
        long sleep = (measureFrom - System.nanoTime()) / 1_000_000;
        if (sleep > 0) {
            Thread.sleep(sleep);
        }
        Processes.Sample a = processes.sample();
        sleep = (end - System.nanoTime()) / 1_000_000;
        if (sleep > 0) {
            Thread.sleep(sleep);
        }
        Processes.Sample b = processes.sample();
        for (Thread t : workers) {
            t.join();
        }
        Map<String, Long> unpublished = new LinkedHashMap<>();
        for (String db : relays.keySet()) {
            try (Connection c = connect(scratch.get(db)); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select count(*) from outbox_event where published_at is null")) {
                rs.next();
                unpublished.put(db, rs.getLong(1));
            }
        }
        stop.set(true);
        for (Thread t : relayThreads) {
            t.join();
        }
        while (!errors.isEmpty() && errorSamples.size() < 10) {
            errorSamples.add(errors.poll());
        }
        double seconds = measureMillis / 1000.0;
        return new Level(concurrency, seconds, sagas.get(), txs.get(), stmts.get(), errorCount.get(), sagas.get() / seconds,
                processes.cpuSeconds(a, b), relayBatches.get(), relayRows.get(), unpublished);
    }

    /**
     * The relay of one database, as OutboxRelay works: LISTEN on the insert trigger's channel; claim up
     * to {@code limit} unpublished rows and mark exactly those published, in one transaction; after a
     * batch that was not full run the gauge query and wait for the next notification (at most 1 s).
     * Publishing to Kafka (between claim and mark) is not part of the database's work and is left out.
     */
    private void runRelay(Relay r, java.util.concurrent.atomic.AtomicBoolean stop, long measureFrom, long end,
            AtomicLong batches, AtomicLong rows) throws Exception {
        try (Connection c = connect(scratch.get(r.database()))) {
            try (Statement st = c.createStatement()) {
                st.execute("listen " + OUTBOX_CHANNEL);
            }
            org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
            while (!stop.get()) {
                c.setAutoCommit(false);
                List<String> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(r.claim().sql())) {
                    ps.unwrap(PGStatement.class).setPrepareThreshold(r.claim().named() ? 1 : 0);
                    for (int i = 0; i < r.claim().values().size(); i++) {
                        ps.setObject(i + 1, r.claim().values().get(i), Types.OTHER);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getString(1));
                        }
                    }
                }
                if (!ids.isEmpty()) {
                    Step mark = new Step(r.mark().sql(), List.of("{" + String.join(",", ids) + "}"), false, r.mark().named());
                    execute(c, mark, null);
                }
                c.commit();
                c.setAutoCommit(true);
                long now = System.nanoTime();
                if (!ids.isEmpty() && now >= measureFrom && now <= end) {
                    batches.incrementAndGet();
                    rows.addAndGet(ids.size());
                }
                if (ids.size() < r.limit()) {
                    if (r.afterBatch() != null) {
                        execute(c, r.afterBatch(), null);
                    }
                    pg.getNotifications(1000);
                }
            }
        }
    }

    /** One copy of the saga with fresh UUIDs: {transactions, statements, failed transactions}. */
    long[] replayOnce(Map<String, Connection> conns) throws SQLException {
        Map<String, String> remap = new HashMap<>();
        long t = 0;
        long s = 0;
        long failed = 0;
        for (Tx tx : saga) {
            Connection c = conns.get(tx.database());
            if (c == null) {
                c = connect(scratch.get(tx.database()));
                conns.put(tx.database(), c);
            }
            try {
                if (tx.explicit()) {
                    c.setAutoCommit(false);
                }
                for (Step step : tx.steps()) {
                    execute(c, step, remap);
                    s++;
                }
                if (tx.explicit()) {
                    if (tx.rollback()) {
                        c.rollback();
                    } else {
                        c.commit();
                    }
                }
            } catch (SQLException e) {
                failed++;
                if (errors.size() < 100) {
                    errors.add(tx.database() + ": " + e.getMessage());
                }
                if (tx.explicit()) {
                    c.rollback();
                }
            } finally {
                if (tx.explicit()) {
                    c.setAutoCommit(true);
                }
            }
            t++;
        }
        return new long[] {t, s, failed};
    }

    private static void execute(Connection c, Step step, Map<String, String> remap) throws SQLException {
        if (step.simple()) {
            try (Statement st = c.createStatement()) {
                st.execute(remap(step.sql(), remap));
                drain(st);
            }
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(step.sql())) {
            // mirror the service: unnamed statements are parsed every time, named ones are prepared once
            ps.unwrap(PGStatement.class).setPrepareThreshold(step.named() ? 1 : 0);
            for (int i = 0; i < step.values().size(); i++) {
                String v = step.values().get(i);
                if (v == null) {
                    ps.setNull(i + 1, Types.OTHER);
                } else {
                    // type unspecified: the server infers it from the statement, as for the original bind
                    ps.setObject(i + 1, remap(v, remap), Types.OTHER);
                }
            }
            ps.execute();
            drain(ps);
        }
    }

    private static void drain(Statement st) throws SQLException {
        do {
            try (ResultSet rs = st.getResultSet()) {
                if (rs != null) {
                    while (rs.next()) {
                        // read every row, as the service does
                    }
                }
            }
        } while (st.getMoreResults() || st.getUpdateCount() != -1);
    }

    /** Every UUID in {@code value} replaced by this copy's fresh one (null map: unchanged). */
    static String remap(String value, Map<String, String> remap) {
        if (remap == null) {
            return value;
        }
        Matcher m = DbBound.UUID_RE.matcher(value);
        if (!m.find()) {
            return value;
        }
        m.reset();
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, remap.computeIfAbsent(m.group().toLowerCase(), k -> UUID.randomUUID().toString()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Connection connect(String db) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", BenchConfig.PG_USER);
        p.setProperty("password", BenchConfig.PG_PASSWORD);
        p.setProperty("ApplicationName", BenchConfig.APP_NAME + "-replay");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + BenchConfig.PG_PORT + "/" + db, p);
    }

    /** Drops the scratch databases. */
    @Override
    public void close() {
        try (Connection admin = connect("postgres"); Statement st = admin.createStatement()) {
            for (String name : scratch.values()) {
                st.execute("drop database if exists " + name + " with (force)");
            }
        } catch (SQLException e) {
            System.err.println("WARNING: could not drop the scratch databases " + scratch.values() + ": " + e.getMessage());
        }
    }
}
