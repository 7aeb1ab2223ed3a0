package dev.checkoutsaga.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Captures the SQL of one saga from PostgreSQL's statement log: turns on {@code log_statement = 'all'}
 * (ALTER SYSTEM + pg_reload_conf, no restart), places one order with a good card, waits until it is
 * COMPLETED, inventory has turned the reservation into a sale and every outbox is published, turns
 * logging off again, and keeps the transactions that belong to that saga.
 *
 * <p>Which transactions belong to it: those whose parameters or SQL contain one of the saga's
 * identifiers, starting from the order id, the Idempotency-Key, the customer and the SKUs, and
 * growing with every UUID found in a transaction that belongs (event ids, payment and shipment ids):
 * so the outbox relay's claim-and-mark transactions of the saga's events are in, its empty polls,
 * gauges, deadline checks and other periodic housekeeping are out (listed in the report).
 * The bench's own connections (application_name {@value BenchConfig#APP_NAME}) are ignored.
 */
final class DbBound {

    static final Pattern UUID_RE = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** The saga's transactions in log order, and what was left out. */
    record Capture(String orderId, List<StatementLog.Tx> saga, List<StatementLog.Tx> excluded, String logFile,
            long captureMillis) {
    }

    private DbBound() {
    }

    static Capture capture(HttpClient http, BenchConfig cfg, Backlog backlog) throws Exception {
        try (Connection admin = DriverManager.getConnection(BenchConfig.jdbcUrl("postgres"), BenchConfig.PG_USER,
                BenchConfig.PG_PASSWORD)) {
            Path logFile = logFile(admin);
            long offset = Files.size(logFile);
            var who = Callers.anyCustomer();
            String customer = who.subject(); // the order's customer id: one of the keys its statements carry
            String bearer = who.token();
            String key = UUID.randomUUID().toString();
            List<String> skus = List.of(OrderMix.PLENTIFUL.get(0), OrderMix.PLENTIFUL.get(1));
            String orderId;
            long t0 = System.currentTimeMillis();
            Thread restore = new Thread(() -> loggingOff(admin));
            Runtime.getRuntime().addShutdownHook(restore);
            try {
                loggingOn(admin);
                String body = OrderMix.body(List.of("{\"sku\":\"" + skus.get(0) + "\",\"quantity\":1}",
                        "{\"sku\":\"" + skus.get(1) + "\",\"quantity\":2}"), "N1 9GU", "tok_visa");
                HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create(cfg.orderUrl() + "/orders"))
                        .header("Content-Type", "application/json").header("Idempotency-Key", key)
                        .header("Authorization", "Bearer " + bearer)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (res.statusCode() != 202) {
                    throw new IllegalStateException("capture order: POST /orders answered " + res.statusCode() + " " + res.body());
                }
                Matcher m = UUID_RE.matcher(res.body());
                if (!m.find()) {
                    throw new IllegalStateException("capture order: no id in " + res.body());
                }
                orderId = m.group().toLowerCase();
                awaitQuiet(orderId, backlog);
            } finally {
                loggingOff(admin);
                Runtime.getRuntime().removeShutdownHook(restore);
            }
            long t1 = System.currentTimeMillis();
            String log = read(logFile, offset);
            List<StatementLog.Tx> parsed = StatementLog.parse(log);
            // the bench's own connections: by application_name (set by a first SET on each of them)
            Set<Long> own = new HashSet<>();
            parsed.stream().filter(t -> t.application().startsWith(BenchConfig.APP_NAME) || t.statements().stream()
                    .anyMatch(st -> st.sql().startsWith("SET application_name = '" + BenchConfig.APP_NAME))).forEach(t -> own.add(t.pid()));
            List<StatementLog.Tx> all = parsed.stream()
                    .filter(t -> !own.contains(t.pid()))
                    .filter(t -> Backlog.DATABASES.contains(t.database()))
                    .toList();
            Set<String> keys = new HashSet<>(List.of(orderId, key.toLowerCase(), customer));
            keys.addAll(skus);
            List<StatementLog.Tx> saga = wokenConsumers(all, attribute(all, keys));
            List<StatementLog.Tx> excluded = all.stream().filter(t -> !saga.contains(t)).toList();
            if (saga.isEmpty()) {
                throw new IllegalStateException("no statement of order " + orderId + " found in " + logFile
                        + " (is log_statement honoured?)");
            }
            return new Capture(orderId, saga, excluded, logFile.toString(), t1 - t0);
        }
    }

    /** The log file the postmaster writes: its stderr (deploy/local/stack: next to the data directory), or the collector's file. */
    private static Path logFile(Connection admin) throws SQLException, IOException {
        String dataDir = scalar(admin, "show data_directory");
        if ("on".equals(scalar(admin, "show logging_collector"))) {
            String current = scalar(admin, "select pg_current_logfile('stderr')");
            Path p = Path.of(current);
            return p.isAbsolute() ? p : Path.of(dataDir).resolve(p);
        }
        // platform/testkit EmbeddedPostgresServer: stdout/stderr appended to <data dir>.log
        Path p = Path.of(dataDir + ".log");
        if (!Files.isRegularFile(p)) {
            throw new IOException("PostgreSQL's log not found at " + p + " (logging_collector is off; see platform/testkit "
                    + "EmbeddedPostgresServer)");
        }
        return p;
    }

    private static void loggingOn(Connection admin) throws Exception {
        try (Statement st = admin.createStatement()) {
            st.execute("alter system set log_statement = 'all'");
            st.execute("alter system set log_line_prefix = '" + StatementLog.LINE_PREFIX + "'");
            st.execute("alter system set log_parameter_max_length = -1");
            st.execute("select pg_reload_conf()");
        }
        // every backend applies the new settings at its next command: give the idle ones a moment
        Thread.sleep(500);
    }

    private static void loggingOff(Connection admin) {
        try (Statement st = admin.createStatement()) {
            st.execute("alter system reset log_statement");
            st.execute("alter system reset log_line_prefix");
            st.execute("alter system reset log_parameter_max_length");
            st.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            System.err.println("WARNING: could not turn statement logging off again: " + e.getMessage()
                    + " -- run: alter system reset log_statement; alter system reset log_line_prefix; select pg_reload_conf();");
        }
    }

    /** COMPLETED in orders, SOLD in inventory (OrderCompleted arrived), nothing left to publish or consume. */
    private static void awaitQuiet(String orderId, Backlog backlog) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        waitFor("order " + orderId + " COMPLETED", deadline,
                () -> "COMPLETED".equals(query("orders", "select status from orders where id = '" + orderId + "'")));
        waitFor("inventory SOLD for " + orderId, deadline,
                () -> "SOLD".equals(query("inventory", "select status from order_stock where order_id = '" + orderId + "'")));
        waitFor("outboxes published and consumers caught up", deadline, () -> {
            Backlog.Snapshot s = backlog.snapshot();
            return s.outboxTotal() == 0 && s.lagTotal() == 0;
        });
        // the relays' last mark-published commits and the consumers' offset commits
        Thread.sleep(1000);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(String what, long deadlineNanos, Check check) throws Exception {
        while (!check.ok()) {
            if (System.nanoTime() > deadlineNanos) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    static String query(String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(BenchConfig.jdbcUrl(db), BenchConfig.PG_USER, BenchConfig.PG_PASSWORD)) {
            return scalar(c, sql);
        }
    }

    static String scalar(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static String read(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length() - offset;
            byte[] b = new byte[(int) Math.max(0, len)];
            f.seek(offset);
            f.readFully(b);
            return new String(b, StandardCharsets.UTF_8);
        }
    }

    /** Transactions touching the saga's keys, growing the keys with every UUID of a transaction taken. */
    static List<StatementLog.Tx> attribute(List<StatementLog.Tx> all, Set<String> keys) {
        Set<Integer> taken = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (StatementLog.Tx t : all) {
                if (taken.contains(t.index())) {
                    continue;
                }
                String text = text(t);
                boolean belongs = keys.stream().anyMatch(k -> mentions(text, k));
                if (belongs) {
                    taken.add(t.index());
                    Matcher m = UUID_RE.matcher(text);
                    while (m.find()) {
                        keys.add(m.group().toLowerCase());
                    }
                    grew = true;
                }
            }
        }
        return all.stream().filter(t -> taken.contains(t.index())).toList();
    }

    /**
     * Adds, for every saga transaction that calls pg_notify (a step registered for the step worker),
     * the first later transaction in the same database that claims work with SKIP LOCKED and is not
     * the saga's already: the claim the notification woke (it carries no saga identifier in its
     * parameters, the ids come back in its result). The outbox relay's claims need no such rule: the
     * ids they mark published tie them to the saga.
     */
    static List<StatementLog.Tx> wokenConsumers(List<StatementLog.Tx> all, List<StatementLog.Tx> saga) {
        Set<Integer> taken = new HashSet<>();
        saga.forEach(t -> taken.add(t.index()));
        for (StatementLog.Tx t : saga) {
            boolean notifies = t.work().stream().anyMatch(st -> st.sql().toLowerCase().contains("pg_notify("));
            if (!notifies) {
                continue;
            }
            all.stream().filter(o -> o.index() > t.index() && o.database().equals(t.database()) && !taken.contains(o.index()))
                    .filter(o -> o.work().stream().anyMatch(st -> st.sql().toLowerCase().contains("skip locked")
                            && !st.sql().toLowerCase().contains("outbox_event")))
                    .findFirst().ifPresent(o -> taken.add(o.index()));
        }
        return all.stream().filter(t -> taken.contains(t.index())).toList();
    }

    private static boolean mentions(String text, String key) {
        if (UUID_RE.matcher(key).matches()) {
            return text.contains(key);
        }
        // SKUs and customer ids: as a whole parameter or quoted value, not as a substring of another
        return text.contains("\u0000" + key + "\u0000") || text.contains("'" + key + "'") || text.contains("\"" + key + "\"");
    }

    /** SQL and parameters of a transaction, parameters delimited by NULs, UUIDs lower-cased. */
    private static String text(StatementLog.Tx t) {
        StringBuilder b = new StringBuilder();
        for (StatementLog.Stmt s : t.statements()) {
            b.append(s.sql()).append('\u0000');
            for (String p : s.params()) {
                b.append(p == null ? "" : p).append('\u0000');
            }
        }
        String s = b.toString();
        Matcher m = UUID_RE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, m.group().toLowerCase());
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Normalised shape of a statement (literals and parameters out), for the list of what was left out. */
    static String shape(String sql) {
        String s = sql.replaceAll("'(?:[^']|'')*'", "?").replaceAll("\\$\\d+", "?").replaceAll("\\s+", " ").strip();
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }

    /** Per database: transactions and statements of the saga. */
    static Map<String, int[]> perDatabase(List<StatementLog.Tx> saga) {
        Map<String, int[]> out = new TreeMap<>();
        for (StatementLog.Tx t : saga) {
            int[] c = out.computeIfAbsent(t.database(), k -> new int[2]);
            c[0]++;
            c[1] += t.work().size();
        }
        return out;
    }

    static Map<String, Integer> excludedShapes(List<StatementLog.Tx> excluded) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (StatementLog.Tx t : excluded) {
            for (StatementLog.Stmt s : t.work()) {
                out.merge(t.database() + ": " + shape(s.sql()), 1, Integer::sum);
            }
        }
        return out;
    }

    static List<String> describe(List<StatementLog.Tx> saga) {
        List<String> out = new ArrayList<>();
        for (StatementLog.Tx t : saga) {
            out.add("-- " + t.database() + " pid " + t.pid() + (t.explicit() ? " transaction" : " autocommit")
                    + (t.rolledBack() ? " (rolled back)" : "") + " at " + t.time());
            for (StatementLog.Stmt s : t.statements()) {
                out.add("   " + s.sql().replaceAll("\\s+", " ") + (s.params().isEmpty() ? "" : "   -- " + s.params()));
            }
        }
        return out;
    }
}
