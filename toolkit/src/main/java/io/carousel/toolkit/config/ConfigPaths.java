package io.carousel.toolkit.config;

import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Dotted paths such as {@code model.layers[0].units}: parsing, printing and walking a YAML tree with them. */
final class ConfigPaths {

    private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)((?:\\[\\d{1,6}])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private ConfigPaths() {
    }

    /** A path as a list of keys (String) and list indices (Integer). */
    static List<Object> parse(String path) {
        List<Object> parts = new ArrayList<>();
        for (String segment : path.split("\\.", -1)) {
            Matcher m = SEGMENT.matcher(segment);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + path + "' is not a dotted path like model.layers[0].units");
            }
            parts.add(m.group(1));
            Matcher idx = INDEX.matcher(m.group(2));
            while (idx.find()) {
                parts.add(Integer.parseInt(idx.group(1)));
            }
        }
        return parts;
    }

    static String join(List<Object> parts) {
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof Integer i) {
                sb.append('[').append(i).append(']');
            } else {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(p);
            }
        }
        return sb.toString();
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The path Jackson reports for a binding error. */
    static String of(JsonMappingException e) {
        List<Object> parts = new ArrayList<>();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                parts.add(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                parts.add(r.getIndex());
            }
        }
        return join(parts);
    }

    /** The path of the value a streaming parser is in (for a container's start token, pass its parent context). */
    static String of(JsonStreamContext context) {
        List<Object> parts = new ArrayList<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.add(0, c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                parts.add(0, c.getCurrentIndex());
            }
        }
        return join(parts);
    }

    /** The node at {@code path}, or null. */
    static JsonNode find(JsonNode root, String path) {
        if (path.isEmpty()) {
            return root;
        }
        JsonNode node = root;
        for (Object p : parse(path)) {
            if (node == null) {
                return null;
            }
            node = p instanceof Integer i ? (node.isArray() ? node.get(i) : null) : (node.isObject() ? node.get((String) p) : null);
        }
        return node;
    }

    /** The path one step up: {@code a.b[2]} for {@code a.b[2].c}, {@code a.b} for {@code a.b[2]}, "" at the top. */
    static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut < 0 ? "" : path.substring(0, cut);
    }

    /** Sets {@code value} at {@code path}, creating mappings on the way; lists must already have the index. */
    static void set(ObjectNode root, String path, JsonNode value) {
        List<Object> parts = parse(path);
        JsonNode node = root;
        for (int i = 0; i < parts.size(); i++) {
            Object p = parts.get(i);
            boolean last = i == parts.size() - 1;
            String here = join(parts.subList(0, i + 1));
            if (p instanceof Integer index) {
                if (!(node instanceof ArrayNode list)) {
                    throw new IllegalArgumentException(join(parts.subList(0, i)) + " is not a list");
                }
                if (index >= list.size()) {
                    throw new IllegalArgumentException(here + ": index " + index + " is out of range (the list has "
                            + list.size() + " entries)");
                }
                if (last) {
                    list.set(index, value);
                } else {
                    node = list.get(index);
                }
            } else {
                if (!(node instanceof ObjectNode map)) {
                    throw new IllegalArgumentException(join(parts.subList(0, i)) + " is not a mapping");
                }
                String key = (String) p;
                if (last) {
                    map.set(key, value);
                } else {
                    if (!map.has(key) || map.get(key).isNull()) {
                        map.putObject(key);
                    }
                    node = map.get(key);
                }
            }
        }
    }
}
