package io.github.qmr.outputs;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a result into table columns: a record or plain object gives one column per component (nested ones with dotted
 * names, {@code stats.mean}); an array, collection or map stays one value (a JSON tree); any other value is one
 * {@code result} column. Leaves are {@link Number}, {@link Boolean}, {@link String}, {@link JsonNode} or null.
 */
public final class Flattener {
    public static final String PLAIN = "result";

    private Flattener() {}

    public static Map<String, Object> flatten(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (isComposite(value)) {
            into(out, "", value, 0);
        } else {
            out.put(PLAIN, leaf(value));
        }
        return out;
    }

    private static void into(Map<String, Object> out, String prefix, Object value, int depth) {
        if (!isComposite(value) || depth > 8) {
            out.put(prefix.isEmpty() ? PLAIN : prefix.substring(0, prefix.length() - 1), leaf(value));
            return;
        }
        for (Map.Entry<String, Object> c : components(value).entrySet()) {
            Object v = c.getValue();
            String name = prefix + c.getKey();
            if (isComposite(v)) {
                into(out, name + ".", v, depth + 1);
            } else {
                out.put(name, leaf(v));
            }
        }
    }

    /** A record, or an object of a class outside the JDK (the user's plain data class). */
    static boolean isComposite(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof CharSequence
                || value instanceof Character || value instanceof Enum<?> || value instanceof Collection<?>
                || value instanceof Map<?, ?> || value instanceof Optional<?> || value.getClass().isArray()
                || value instanceof TemporalAccessor) {
            return false;
        }
        if (value instanceof Record) {
            return true;
        }
        Module module = value.getClass().getModule();
        String pkg = value.getClass().getPackageName();
        return !module.isNamed() && !pkg.startsWith("java.") && !pkg.startsWith("javax.");
    }

    private static Map<String, Object> components(Object value) {
        Map<String, Object> out = new LinkedHashMap<>();
        try {
            if (value instanceof Record) {
                for (RecordComponent c : value.getClass().getRecordComponents()) {
                    var accessor = c.getAccessor();
                    accessor.setAccessible(true);
                    out.put(c.getName(), accessor.invoke(value));
                }
                return out;
            }
            List<Class<?>> chain = new ArrayList<>();
            for (Class<?> t = value.getClass(); t != null && t != Object.class; t = t.getSuperclass()) {
                chain.add(0, t);
            }
            for (Class<?> t : chain) {
                for (Field f : t.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())
                            || f.isSynthetic()) {
                        continue;
                    }
                    f.setAccessible(true);
                    out.put(f.getName(), f.get(value));
                }
            }
            return out;
        } catch (ReflectiveOperationException | RuntimeException e) {
            // a class that hides its fields: shown as its text
            return Map.of(PLAIN, String.valueOf(value));
        }
    }

    /** A table cell's value: numbers and booleans as they are, containers as JSON trees, the rest as text. */
    static Object leaf(Object v) {
        if (v == null || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? d.toString() : d;
        }
        if (v instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? f.toString() : f;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
                || v instanceof BigDecimal || v instanceof BigInteger) {
            return v;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof Enum<?> e) {
            return e.name();
        }
        if (v instanceof Optional<?> o) {
            return o.isEmpty() ? null : leaf(o.get());
        }
        if (v instanceof Collection<?> || v instanceof Map<?, ?> || v.getClass().isArray()) {
            try {
                return Json.mapper().valueToTree(v);
            } catch (IllegalArgumentException e) {
                return String.valueOf(v);
            }
        }
        return v.toString();
    }

    /** A leaf as a CSV cell: JSON text for containers, plain text otherwise, empty for null. */
    public static String cell(Object leaf) {
        if (leaf == null) {
            return "";
        }
        if (leaf instanceof JsonNode node) {
            return node.toString();
        }
        if (leaf instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return leaf.toString();
    }

    /** A leaf as a double for plots, or NaN when it is not a number. */
    public static double number(Object leaf) {
        return leaf instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
