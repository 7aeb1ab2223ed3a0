package dev.checkoutsaga.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses PostgreSQL's stderr log written with {@code log_statement = 'all'} and
 * {@link #LINE_PREFIX} into transactions: the statements of one backend within one virtual
 * transaction id, with the bound parameters from the {@code DETAIL:  parameters:} lines.
 */
final class StatementLog {

    /** log_line_prefix set during the capture: time, pid, virtual xid, database, application name. */
    static final String LINE_PREFIX = "@@bench|%m|%p|%v|%d|%a|@@ ";
    private static final Pattern LINE = Pattern.compile(
            "^@@bench\\|([^|]*)\\|(\\d+)\\|([^|]*)\\|([^|]*)\\|(.*?)\\|@@ ([A-Z]+):  (.*)$");
    private static final Pattern STATEMENT = Pattern.compile("^(?:statement|execute ([^:]*)): (.*)$", Pattern.DOTALL);

    /** One executed statement. {@code preparedName} is null for a simple query, "&lt;unnamed&gt;" or a name. */
    record Stmt(String sql, List<String> params, String preparedName) {
        String verb() {
            String s = sql.stripLeading();
            int sp = s.indexOf(' ');
            return (sp < 0 ? s : s.substring(0, sp)).replace(";", "").toUpperCase(Locale.ROOT);
        }

        boolean isTransactionControl() {
            String v = verb();
            return v.equals("BEGIN") || v.equals("START") || v.equals("COMMIT") || v.equals("ROLLBACK") || v.equals("END");
        }
    }

    /** Statements of one (backend, virtual transaction). {@code explicit}: it began with BEGIN. */
    record Tx(int index, String time, long pid, String vxid, String database, String application, List<Stmt> statements,
            boolean explicit, boolean rolledBack, List<String> errors) {
        List<Stmt> work() {
            return statements.stream().filter(s -> !s.isTransactionControl()).toList();
        }
    }

    private StatementLog() {
    }

    static List<Tx> parse(String log) {
        // join continuation lines (multi-line statements) to their record
        List<String[]> records = new ArrayList<>();
        for (String line : log.split("\n", -1)) {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                records.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7)});
            } else if (!records.isEmpty() && !line.startsWith("@@bench|")) {
                String[] last = records.get(records.size() - 1);
                last[6] = last[6] + "\n" + line;
            }
        }
        Map<String, TxBuilder> open = new LinkedHashMap<>();
        List<TxBuilder> all = new ArrayList<>();
        for (String[] r : records) {
            String key = r[1] + "/" + r[2];
            String level = r[5];
            String msg = r[6];
            TxBuilder tx = open.get(key);
            if (level.equals("LOG")) {
                Matcher s = STATEMENT.matcher(msg);
                if (!s.matches()) {
                    continue; // checkpoints, connection messages, ...
                }
                if (tx == null) {
                    tx = new TxBuilder(all.size(), r[0], Long.parseLong(r[1]), r[2], r[3], r[4]);
                    open.put(key, tx);
                    all.add(tx);
                }
                String name = s.group(1);
                if (name == null && msg.startsWith("statement: ")) {
                    name = null;
                }
                tx.statements.add(new Stmt(s.group(2).strip(), new ArrayList<>(), name == null ? null : name.strip()));
            } else if (level.equals("DETAIL") && msg.regionMatches(true, 0, "parameters: ", 0, 12) && tx != null
                    && !tx.statements.isEmpty()) {
                List<String> params = tx.statements.get(tx.statements.size() - 1).params();
                params.clear();
                params.addAll(parameters(msg.substring("parameters: ".length())));
            } else if (level.equals("ERROR") && tx != null) {
                tx.errors.add(msg);
            }
        }
        List<Tx> out = new ArrayList<>();
        for (TxBuilder b : all) {
            boolean explicit = !b.statements.isEmpty() && (b.statements.get(0).verb().equals("BEGIN")
                    || b.statements.get(0).verb().equals("START"));
            boolean rolledBack = b.statements.stream().anyMatch(s -> s.verb().equals("ROLLBACK"));
            out.add(new Tx(b.index, b.time, b.pid, b.vxid, b.database, b.application, List.copyOf(b.statements), explicit,
                    rolledBack, List.copyOf(b.errors)));
        }
        return out;
    }

    /** {@code $1 = 'a''b', $2 = NULL, ...} to a list indexed from 0 ($1); NULL as Java null. */
    static List<String> parameters(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ')) {
                i++;
            }
            if (i >= n || s.charAt(i) != '$') {
                break;
            }
            int eq = s.indexOf(" = ", i);
            int index = Integer.parseInt(s.substring(i + 1, eq));
            i = eq + 3;
            String value;
            if (s.startsWith("NULL", i)) {
                value = null;
                i += 4;
            } else if (i < n && s.charAt(i) == '\'') {
                StringBuilder v = new StringBuilder();
                i++;
                while (i < n) {
                    char c = s.charAt(i);
                    if (c == '\'') {
                        if (i + 1 < n && s.charAt(i + 1) == '\'') {
                            v.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    v.append(c);
                    i++;
                }
                value = v.toString();
            } else {
                int end = s.indexOf(", $", i);
                value = s.substring(i, end < 0 ? n : end);
                i = end < 0 ? n : end;
            }
            while (out.size() < index) {
                out.add(null);
            }
            out.set(index - 1, value);
        }
        return out;
    }

    private static final class TxBuilder {
        final int index;
        final String time;
        final long pid;
        final String vxid;
        final String database;
        final String application;
        final List<Stmt> statements = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        TxBuilder(int index, String time, long pid, String vxid, String database, String application) {
            this.index = index;
            this.time = time;
            this.pid = pid;
            this.vxid = vxid;
            this.database = database;
            this.application = application;
        }
    }
}
