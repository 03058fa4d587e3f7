package io.github.qmr.runtime.tasks;

import java.util.LinkedHashMap;
import java.util.Map;

/** A parser of exactly one flat JSON object; anything else is refused with what was expected where. */
final class FlatJson {
    private final String s;
    private final Wording words;
    private int pos;

    FlatJson(String s, Wording words) {
        this.s = s;
        this.words = words;
    }

    Map<String, String> object() {
        Map<String, String> map = new LinkedHashMap<>();
        expect('{');
        space();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                space();
                String key = string();
                space();
                expect(':');
                space();
                String value = value(key);
                if (map.containsKey(key)) {
                    throw new IllegalArgumentException("key \"" + key + "\" is given twice");
                }
                if (value != null) {
                    map.put(key, value);
                }
                space();
                char c = next("',' or '}'");
                if (c == '}') {
                    break;
                }
                if (c != ',') {
                    throw error("',' or '}'", c);
                }
            }
        }
        space();
        if (pos < s.length()) {
            throw new IllegalArgumentException("text after the object at column " + (pos + 1)
                    + "; put one object per line");
        }
        return map;
    }

    private String value(String key) {
        char c = peek();
        if (c == '"') {
            return string();
        }
        if (c == '{' || c == '[') {
            throw new IllegalArgumentException("the value of \"" + key + "\" is " + (c == '{' ? "an object" : "an array")
                    + "; only flat objects are read (strings, numbers, booleans, null): flatten it, or produce"
                    + " the tasks with " + words.taskSource());
        }
        int start = pos;
        while (pos < s.length() && ",} \t".indexOf(s.charAt(pos)) < 0) {
            pos++;
        }
        String literal = s.substring(start, pos);
        if (literal.equals("null")) {
            return null;
        }
        if (literal.equals("true") || literal.equals("false")
                || literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return literal;
        }
        throw new IllegalArgumentException("the value of \"" + key + "\" at column " + (start + 1) + " ('"
                + literal + "') is not a JSON value; quote strings");
    }

    private String string() {
        expect('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next("the closing '\"' of a string");
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next("an escape after '\\'");
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > s.length()) {
                        throw new IllegalArgumentException("an incomplete \\u escape at column " + pos);
                    }
                    try {
                        out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                    } catch (NumberFormatException ex) {
                        throw new IllegalArgumentException("a bad \\u escape at column " + pos);
                    }
                    pos += 4;
                }
                default -> throw new IllegalArgumentException("an unknown escape \\" + e + " at column " + pos);
            }
        }
    }

    private void space() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    private char next(String expected) {
        if (pos >= s.length()) {
            throw new IllegalArgumentException("the line ends where " + expected + " was expected");
        }
        return s.charAt(pos++);
    }

    private void expect(char c) {
        char got = next("'" + c + "'");
        if (got != c) {
            throw error("'" + c + "'", got);
        }
    }

    private IllegalArgumentException error(String expected, char got) {
        return new IllegalArgumentException("expected " + expected + " at column " + pos + " but found '" + got
                + "'; each line must be one flat JSON object, e.g. {\"alpha\": 0.1, \"name\": \"a\"}");
    }
}
