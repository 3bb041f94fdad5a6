package io.rightsizer.testing.insights;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Logs Insights query parsed and executed exactly, for the subset of the language Rightsizer sends: {@code filter}
 * with comparisons joined by {@code and}/{@code or}, {@code parse} with a regular expression and named groups,
 * {@code fields} with arithmetic and the functions {@code coalesce}, {@code strcontains} and {@code greatest}, and
 * {@code stats} with {@code count}, {@code sum}, {@code min}, {@code max} and {@code avg} grouped by fields and
 * {@code bin(...)}. Anything else is refused as the service refuses a malformed query, so a test fails on a query the
 * stand-in cannot run faithfully instead of passing on a guess.
 */
public final class InsightsQuery {

    private final String text;
    private final List<Command> commands;

    private InsightsQuery(String text, List<Command> commands) {
        this.text = text;
        this.commands = commands;
    }

    /** Parses a query string. */
    public static InsightsQuery parse(String query) {
        return new InsightsQuery(query, new Parser(query).commands());
    }

    /** The query as sent. */
    public String text() {
        return text;
    }

    /** Whether the query aggregates (its rows are groups, not events). */
    boolean aggregates() {
        return commands.stream().anyMatch(c -> c instanceof Stats);
    }

    /** Runs the query over events (their fields) and returns its result rows, each an ordered field to value map. */
    List<Map<String, String>> execute(Iterable<Map<String, Object>> events, Counter matched) {
        Stats stats = null;
        List<Command> before = new ArrayList<>();
        for (Command c : commands) {
            if (c instanceof Stats s) {
                stats = s;
            } else if (stats != null) {
                throw new QueryCompileException("only stats may end this query", 0);
            } else {
                before.add(c);
            }
        }
        Map<List<Object>, Object[]> groups = new LinkedHashMap<>();
        List<Map<String, String>> rows = new ArrayList<>();
        for (Map<String, Object> original : events) {
            Map<String, Object> event = new java.util.HashMap<>(original);
            boolean keep = true;
            for (Command c : before) {
                if (!c.apply(event)) {
                    keep = false;
                    break;
                }
            }
            if (!keep) {
                continue;
            }
            matched.add();
            if (stats == null) {
                rows.add(eventRow(event));
            } else {
                stats.accumulate(event, groups);
            }
        }
        return stats == null ? rows : stats.rows(groups);
    }

    private Map<String, String> eventRow(Map<String, Object> event) {
        Map<String, String> row = new LinkedHashMap<>();
        for (Command c : commands) {
            if (c instanceof Fields f) {
                for (Named n : f.fields()) {
                    Object v = event.get(n.name());
                    if (v != null) {
                        row.put(n.name(), format(v));
                    }
                }
            }
        }
        return row;
    }

    /** Counts matched events. */
    static final class Counter {
        private long n;

        void add() {
            n++;
        }

        long value() {
            return n;
        }
    }

    // ---- values ----

    /** Prints a value as Logs Insights does: timestamps as {@code yyyy-MM-dd HH:mm:ss.SSS}, large numbers in e-notation. */
    static String format(Object v) {
        if (v instanceof Double d) {
            return number(d);
        }
        return String.valueOf(v);
    }

    /** Shortest digits; e-notation from a million up, as the service prints memory in bytes ({@code 1.28e+08}). */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e6) {
            return Long.toString((long) d);
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (Math.abs(d) < 1e6) {
            return exact.toPlainString();
        }
        int exponent = exact.precision() - exact.scale() - 1;
        BigDecimal mantissa = exact.movePointLeft(exponent).stripTrailingZeros();
        return mantissa.toPlainString() + "e+" + (exponent < 10 ? "0" : "") + exponent;
    }

    private static Double numeric(Object v) {
        if (v instanceof Double d) {
            return d;
        }
        if (v instanceof EventFields.Timestamp t) {
            return (double) t.millis();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    // ---- commands ----

    private sealed interface Command permits Filter, Parse, Fields, Stats {
        /** Applies the command to one event; false drops the event. */
        boolean apply(Map<String, Object> event);
    }

    private record Filter(Condition condition) implements Command {
        @Override
        public boolean apply(Map<String, Object> event) {
            return condition.test(event);
        }
    }

    private record Parse(Expr source, Pattern pattern, List<String> names) implements Command {
        @Override
        public boolean apply(Map<String, Object> event) {
            Object v = source.eval(event);
            if (v == null) {
                return true;
            }
            Matcher m = pattern.matcher(format(v));
            if (m.find()) {
                for (String name : names) {
                    String g = m.group(name);
                    if (g != null) {
                        event.put(name, g);
                    }
                }
            }
            return true;
        }
    }

    private record Named(String name, Expr expr) {
    }

    private record Fields(List<Named> fields) implements Command {
        @Override
        public boolean apply(Map<String, Object> event) {
            Map<String, Object> computed = new LinkedHashMap<>();
            for (Named n : fields) {
                computed.put(n.name(), n.expr().eval(event));
            }
            computed.forEach((k, v) -> {
                if (v == null) {
                    event.remove(k);
                } else {
                    event.put(k, v);
                }
            });
            return true;
        }
    }

    private record Aggregate(String name, String function, Expr argument) {
    }

    private record Stats(List<Aggregate> aggregates, List<Named> groupBy) implements Command {
        @Override
        public boolean apply(Map<String, Object> event) {
            throw new IllegalStateException("stats aggregates");
        }

        void accumulate(Map<String, Object> event, Map<List<Object>, Object[]> groups) {
            List<Object> key = new ArrayList<>();
            for (Named g : groupBy) {
                key.add(g.expr().eval(event));
            }
            Object[] acc = groups.computeIfAbsent(key, k -> new Object[aggregates.size() * 2]);
            for (int i = 0; i < aggregates.size(); i++) {
                Aggregate a = aggregates.get(i);
                Object v = a.argument() == null ? Boolean.TRUE : a.argument().eval(event);
                if (v == null) {
                    continue;
                }
                switch (a.function()) {
                    case "count" -> acc[2 * i] = (acc[2 * i] == null ? 0.0 : (Double) acc[2 * i]) + 1;
                    case "sum", "avg" -> {
                        Double d = numeric(v);
                        if (d != null) {
                            acc[2 * i] = (acc[2 * i] == null ? 0.0 : (Double) acc[2 * i]) + d;
                            acc[2 * i + 1] = (acc[2 * i + 1] == null ? 0.0 : (Double) acc[2 * i + 1]) + 1;
                        }
                    }
                    case "max", "min" -> {
                        Object current = acc[2 * i];
                        if (current == null || better(a.function(), v, current)) {
                            acc[2 * i] = v;
                        }
                    }
                    default -> throw new IllegalStateException(a.function());
                }
            }
        }

        private static boolean better(String function, Object candidate, Object current) {
            int c;
            if (candidate instanceof EventFields.Timestamp t && current instanceof EventFields.Timestamp u) {
                c = t.compareTo(u);
            } else {
                Double x = numeric(candidate);
                Double y = numeric(current);
                c = x != null && y != null ? Double.compare(x, y) : format(candidate).compareTo(format(current));
            }
            return function.equals("max") ? c > 0 : c < 0;
        }

        List<Map<String, String>> rows(Map<List<Object>, Object[]> groups) {
            List<Map<String, String>> rows = new ArrayList<>();
            groups.forEach((key, acc) -> {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < groupBy.size(); i++) {
                    if (key.get(i) != null) {
                        row.put(groupBy.get(i).name(), format(key.get(i)));
                    }
                }
                for (int i = 0; i < aggregates.size(); i++) {
                    Aggregate a = aggregates.get(i);
                    Object v = acc[2 * i];
                    if (a.function().equals("avg") && v != null) {
                        v = (Double) v / (Double) acc[2 * i + 1];
                    }
                    if (v == null && a.function().equals("count")) {
                        v = 0.0;
                    }
                    if (v != null) {
                        row.put(a.name(), format(v));
                    }
                }
                rows.add(row);
            });
            return rows;
        }
    }

    // ---- expressions ----

    private interface Expr {
        Object eval(Map<String, Object> event);
    }

    private interface Condition {
        boolean test(Map<String, Object> event);
    }

    private record Field(String name) implements Expr {
        @Override
        public Object eval(Map<String, Object> event) {
            return event.get(name);
        }
    }

    private record Literal(Object value) implements Expr {
        @Override
        public Object eval(Map<String, Object> event) {
            return value;
        }
    }

    private record Arithmetic(char op, Expr left, Expr right) implements Expr {
        @Override
        public Object eval(Map<String, Object> event) {
            Double a = numeric(left.eval(event));
            Double b = numeric(right.eval(event));
            if (a == null || b == null) {
                return null;
            }
            return switch (op) {
                case '+' -> a + b;
                case '-' -> a - b;
                case '*' -> a * b;
                default -> b == 0 ? null : a / b;
            };
        }
    }

    private record Call(String function, List<Expr> args) implements Expr {
        @Override
        public Object eval(Map<String, Object> event) {
            switch (function) {
                case "coalesce" -> {
                    for (Expr e : args) {
                        Object v = e.eval(event);
                        if (v != null) {
                            return v;
                        }
                    }
                    return null;
                }
                case "strcontains" -> {
                    Object s = args.get(0).eval(event);
                    Object sub = args.get(1).eval(event);
                    return s != null && sub != null && format(s).contains(format(sub)) ? 1.0 : 0.0;
                }
                case "greatest" -> {
                    Double best = null;
                    for (Expr e : args) {
                        Double d = numeric(e.eval(event));
                        if (d != null && (best == null || d > best)) {
                            best = d;
                        }
                    }
                    return best;
                }
                default -> throw new IllegalStateException(function);
            }
        }
    }

    /** {@code bin(period)}: the event's time rounded down to the period, as a timestamp. */
    private record Bin(long periodMillis) implements Expr {
        @Override
        public Object eval(Map<String, Object> event) {
            Object t = event.get("@timestamp");
            if (!(t instanceof EventFields.Timestamp ts)) {
                return null;
            }
            return new EventFields.Timestamp(Math.floorDiv(ts.millis(), periodMillis) * periodMillis);
        }
    }

    private record Comparison(String op, Expr left, Expr right) implements Condition {
        @Override
        public boolean test(Map<String, Object> event) {
            Object a = left.eval(event);
            Object b = right.eval(event);
            if (a == null || b == null) {
                return op.equals("!=") && (a != null || b != null);
            }
            int c;
            if (a instanceof String || b instanceof String) {
                c = format(a).compareTo(format(b));
            } else {
                c = Double.compare(Objects.requireNonNull(numeric(a)), Objects.requireNonNull(numeric(b)));
            }
            return switch (op) {
                case "=" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
    }

    private record Junction(boolean and, Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Map<String, Object> event) {
            return and ? left.test(event) && right.test(event) : left.test(event) || right.test(event);
        }
    }

    // ---- parser ----

    /** Recursive descent over the characters: the query language has regular expressions, so no separate lexer. */
    private static final class Parser {
        private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        List<Command> commands() {
            List<Command> commands = new ArrayList<>();
            while (true) {
                ws();
                if (eof()) {
                    if (commands.isEmpty()) {
                        throw error("empty query");
                    }
                    return commands;
                }
                if (!commands.isEmpty()) {
                    expect('|');
                    ws();
                }
                commands.add(command());
            }
        }

        private Command command() {
            int at = pos;
            String keyword = word().toLowerCase(Locale.ROOT);
            ws();
            return switch (keyword) {
                case "filter" -> new Filter(condition());
                case "parse" -> parse();
                case "fields" -> new Fields(namedList(false));
                case "stats" -> stats();
                default -> {
                    pos = at;
                    throw error("unsupported command '" + keyword + "'");
                }
            };
        }

        private Parse parse() {
            Expr source = primary();
            ws();
            if (peek() != '/') {
                throw error("this stand-in parses with a regular expression /.../ only");
            }
            String regex = regex();
            List<String> names = new ArrayList<>();
            Matcher m = NAMED_GROUP.matcher(regex);
            while (m.find()) {
                names.add(m.group(1));
            }
            if (names.isEmpty()) {
                throw error("a parse regular expression needs named groups (?<name>...)");
            }
            try {
                return new Parse(source, Pattern.compile(regex), names);
            } catch (PatternSyntaxException e) {
                throw error("bad regular expression: " + e.getDescription());
            }
        }

        private Stats stats() {
            List<Aggregate> aggregates = new ArrayList<>();
            do {
                ws();
                int at = pos;
                String function = word().toLowerCase(Locale.ROOT);
                if (!List.of("count", "sum", "min", "max", "avg").contains(function)) {
                    pos = at;
                    throw error("unsupported aggregation '" + function + "'");
                }
                ws();
                expect('(');
                ws();
                Expr argument = null;
                if (peek() == '*') {
                    if (!function.equals("count")) {
                        throw error(function + "(*) is not valid");
                    }
                    pos++;
                } else {
                    argument = expr();
                }
                ws();
                expect(')');
                String name = s.substring(at, pos);
                ws();
                if (keywordAhead("as")) {
                    word();
                    ws();
                    name = identifier();
                }
                aggregates.add(new Aggregate(name, function, argument));
                ws();
            } while (consume(','));
            List<Named> groupBy = new ArrayList<>();
            ws();
            if (keywordAhead("by")) {
                word();
                ws();
                groupBy = namedList(true);
            }
            return new Stats(aggregates, groupBy);
        }

        private List<Named> namedList(boolean allowBin) {
            List<Named> out = new ArrayList<>();
            do {
                ws();
                int at = pos;
                Expr e = allowBin && keywordAhead("bin") ? bin() : expr();
                String name = s.substring(at, pos).trim();
                ws();
                if (keywordAhead("as")) {
                    word();
                    ws();
                    name = identifier();
                } else if (!(e instanceof Field) && !(e instanceof Bin) && !allowBin) {
                    throw error("a computed field needs a name: ... as name");
                }
                if (e instanceof Field f) {
                    name = f.name();
                }
                out.add(new Named(name, e));
                ws();
            } while (consume(','));
            return out;
        }

        private Bin bin() {
            word();
            ws();
            expect('(');
            ws();
            int start = pos;
            while (!eof() && Character.isDigit(peek())) {
                pos++;
            }
            if (start == pos) {
                throw error("bin needs a period such as 1d");
            }
            long amount = Long.parseLong(s.substring(start, pos));
            String unit = word();
            long millis = switch (unit) {
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                case "d" -> 86_400_000;
                default -> throw error("unsupported bin unit '" + unit + "'");
            };
            ws();
            expect(')');
            return new Bin(amount * millis);
        }

        private Condition condition() {
            Condition left = comparison();
            while (true) {
                ws();
                if (keywordAhead("and")) {
                    word();
                    left = new Junction(true, left, comparison());
                } else if (keywordAhead("or")) {
                    word();
                    left = new Junction(false, left, comparison());
                } else {
                    return left;
                }
            }
        }

        private Condition comparison() {
            ws();
            Expr left = expr();
            ws();
            String op;
            if (s.startsWith("!=", pos) || s.startsWith("<=", pos) || s.startsWith(">=", pos)) {
                op = s.substring(pos, pos + 2);
                pos += 2;
            } else if (!eof() && "=<>".indexOf(peek()) >= 0) {
                op = String.valueOf(peek());
                pos++;
            } else {
                throw error("expected a comparison (=, !=, <, <=, >, >=)");
            }
            ws();
            return new Comparison(op, left, expr());
        }

        private Expr expr() {
            Expr left = term();
            while (true) {
                ws();
                if (!eof() && (peek() == '+' || peek() == '-')) {
                    char op = s.charAt(pos++);
                    ws();
                    left = new Arithmetic(op, left, term());
                } else {
                    return left;
                }
            }
        }

        private Expr term() {
            Expr left = primary();
            while (true) {
                ws();
                if (!eof() && (peek() == '*' || peek() == '/')) {
                    char op = s.charAt(pos++);
                    ws();
                    left = new Arithmetic(op, left, primary());
                } else {
                    return left;
                }
            }
        }

        private Expr primary() {
            ws();
            if (eof()) {
                throw error("unexpected end of query");
            }
            char c = peek();
            if (c == '"' || c == '\'') {
                return new Literal(string());
            }
            if (Character.isDigit(c)) {
                int start = pos;
                while (!eof() && (Character.isDigit(peek()) || peek() == '.')) {
                    pos++;
                }
                return new Literal(Double.parseDouble(s.substring(start, pos)));
            }
            if (c == '(') {
                pos++;
                Expr e = expr();
                ws();
                expect(')');
                return e;
            }
            if (c == '`') {
                int end = s.indexOf('`', pos + 1);
                if (end < 0) {
                    throw error("unterminated `field`");
                }
                String name = s.substring(pos + 1, end);
                pos = end + 1;
                return new Field(name);
            }
            String name = identifier();
            ws();
            if (!eof() && peek() == '(') {
                String function = name.toLowerCase(Locale.ROOT);
                if (!List.of("coalesce", "strcontains", "greatest").contains(function)) {
                    throw error("unsupported function '" + name + "'");
                }
                pos++;
                List<Expr> args = new ArrayList<>();
                ws();
                if (peek() != ')') {
                    do {
                        args.add(expr());
                        ws();
                    } while (consume(','));
                }
                expect(')');
                if (function.equals("strcontains") && args.size() != 2 || args.isEmpty()) {
                    throw error("wrong number of arguments to " + name);
                }
                return new Call(function, args);
            }
            return new Field(name);
        }

        private String identifier() {
            int start = pos;
            if (!eof() && peek() == '@') {
                pos++;
            }
            while (!eof() && (Character.isLetterOrDigit(peek()) || peek() == '_' || peek() == '.')) {
                pos++;
            }
            if (start == pos || s.charAt(pos - 1) == '@') {
                throw error("expected a field name");
            }
            return s.substring(start, pos);
        }

        private String word() {
            int start = pos;
            while (!eof() && Character.isLetter(peek())) {
                pos++;
            }
            return s.substring(start, pos);
        }

        private boolean keywordAhead(String keyword) {
            int end = pos + keyword.length();
            return s.regionMatches(true, pos, keyword, 0, keyword.length())
                    && (end >= s.length() || !Character.isLetterOrDigit(s.charAt(end)));
        }

        private String string() {
            char quote = s.charAt(pos++);
            StringBuilder out = new StringBuilder();
            while (!eof() && peek() != quote) {
                char c = s.charAt(pos++);
                if (c == '\\' && !eof()) {
                    c = s.charAt(pos++);
                }
                out.append(c);
            }
            expect(quote);
            return out.toString();
        }

        private String regex() {
            expect('/');
            StringBuilder out = new StringBuilder();
            while (!eof() && peek() != '/') {
                char c = s.charAt(pos++);
                if (c == '\\' && !eof() && peek() == '/') {
                    out.append('/');
                    pos++;
                    continue;
                }
                out.append(c);
                if (c == '\\' && !eof()) {
                    out.append(s.charAt(pos++));
                }
            }
            expect('/');
            return out.toString();
        }

        private void ws() {
            while (!eof() && Character.isWhitespace(peek())) {
                pos++;
            }
        }

        private boolean consume(char c) {
            if (!eof() && peek() == c) {
                pos++;
                return true;
            }
            return false;
        }

        private void expect(char c) {
            if (eof() || peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return s.charAt(pos);
        }

        private boolean eof() {
            return pos >= s.length();
        }

        private QueryCompileException error(String message) {
            return new QueryCompileException(message, pos);
        }
    }
}
