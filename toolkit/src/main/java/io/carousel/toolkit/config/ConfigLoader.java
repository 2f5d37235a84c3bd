package io.carousel.toolkit.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.carousel.tasks.Task;
import io.carousel.toolkit.reproduce.PaperTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The one config pipeline: parse YAML (safely: no tags build Java objects, duplicate keys are errors, size and depth
 * are capped), apply {@code --set} overrides, fill defaults from {@code defaults.yaml}, bind onto the records
 * (whose compact constructors validate each field), then run the cross-field checks. Every failure becomes a
 * {@link ConfigProblem} naming the file, the line and the dotted path.
 */
public final class ConfigLoader {

    /** Config files larger than this are refused before parsing. */
    public static final int MAX_BYTES = 1 << 20;
    static final int MAX_DEPTH = 64;

    private static final Pattern MISSING_PROPERTY = Pattern.compile("Missing (?:required )?creator property '([^']+)'");
    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectNode DEFAULTS = readDefaults();

    private ConfigLoader() {
    }

    /** Loads and validates a config file. */
    public static ExperimentConfig load(Path file) throws ConfigException {
        return load(file, List.of());
    }

    /**
     * Loads a config file with {@code key=value} overrides (dotted keys, YAML values), validated like the file.
     */
    public static ExperimentConfig load(Path file, List<String> overrides) throws ConfigException {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw problem(source, 0, "", "is a directory, not a config file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw problem(source, 0, "", "file is larger than " + MAX_BYTES / 1024 + " KiB; refusing to parse it");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw problem(source, 0, "", "no such file");
        } catch (IOException e) {
            throw problem(source, 0, "", "cannot read: " + e.getMessage());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw problem(source, 0, "", "is not UTF-8 text");
        }
        ExperimentConfig config = parse(text, source, defaultName(file), overrides);
        if (config.task() instanceof SeriesSpec series) {
            Path dir = file.toAbsolutePath().getParent();
            config = config.withTask(series.resolvedAgainst(dir == null ? Path.of("") : dir));
        }
        return config;
    }

    /**
     * Parses config text. {@code source} names it in messages; {@code defaultName} is used when it has no
     * {@code name:}.
     */
    public static ExperimentConfig parse(String text, String source, String defaultName, List<String> overrides)
            throws ConfigException {
        Document doc = Document.read(text, source);
        for (String override : overrides) {
            doc.override(override);
        }
        if (!doc.tree.has("name")) {
            doc.tree.put("name", defaultName);
        }
        fillDefaults(doc.tree);
        ExperimentConfig config = doc.bind();
        List<ConfigProblem> problems = new ArrayList<>();
        for (CrossCheck check : CROSS_CHECKS) {
            check.apply(config).ifPresent(p -> problems.add(doc.problemAt(p.path(), p.message())));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return config;
    }

    /** The config as YAML, every default filled in: what a run records as {@code config.yaml}. */
    public static String toYaml(ExperimentConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write config as YAML", e);
        }
    }

    /** The default run name for a config file: its name without the extension. */
    static String defaultName(Path file) {
        String name = file.getFileName() == null ? "run" : file.getFileName().toString();
        name = name.replaceFirst("\\.(ya?ml)$", "").replaceAll("[^A-Za-z0-9._-]", "-");
        return name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0)) ? "run" + name : name;
    }

    /** The registered type names of a polymorphic config section (task types, layer types). */
    public static List<String> typeNames(Class<?> base) {
        JsonSubTypes types = base.getAnnotation(JsonSubTypes.class);
        return types == null ? List.of() : Arrays.stream(types.value()).map(JsonSubTypes.Type::name).toList();
    }

    /** The registered variants of a polymorphic config section, by type name. */
    public static Map<String, Class<?>> types(Class<?> base) {
        Map<String, Class<?>> out = new java.util.LinkedHashMap<>();
        for (JsonSubTypes.Type t : base.getAnnotation(JsonSubTypes.class).value()) {
            out.put(t.name(), t.value());
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------- cross checks

    /** A named check across fields, run after binding. */
    private record CrossCheck(String name, java.util.function.Function<ExperimentConfig, Optional<Found>> check) {
        Optional<Found> apply(ExperimentConfig config) {
            return check.apply(config);
        }
    }

    private record Found(String path, String message) {
    }

    private static final List<CrossCheck> CROSS_CHECKS = List.of(
            new CrossCheck("the paper row exists", c -> {
                if (c.reproduces() == null || PaperTable.get().row(c.reproduces()).isPresent()) {
                    return Optional.empty();
                }
                List<String> ids = PaperTable.get().rows().stream().map(PaperTable.Row::id).toList();
                return Optional.of(new Found("reproduces", "no row '" + c.reproduces() + "' in the 1997 paper's "
                        + "tables" + Suggest.closest(c.reproduces(), ids).map(s -> " (did you mean " + s + "?)")
                        .orElse(" (allowed: " + String.join(", ", ids) + ")")));
            }),
            new CrossCheck("the backend is in this build", c -> {
                try {
                    io.carousel.toolkit.Backends.require(c.backend());
                    return Optional.empty();
                } catch (io.carousel.toolkit.Backends.BackendMismatchException e) {
                    return Optional.of(new Found("backend", e.getMessage()));
                }
            }),
            new CrossCheck("output placement matches the task's labels", c -> {
                OutputAt needed = c.task().labels() == Task.Labels.LAST_STEP ? OutputAt.LAST : OutputAt.EVERY;
                if (c.model().output().at() == needed) {
                    return Optional.empty();
                }
                String type = types(TaskSpec.class).entrySet().stream()
                        .filter(e -> e.getValue() == c.task().getClass()).map(Map.Entry::getKey).findFirst()
                        .orElse("?");
                return Optional.of(new Found("model.output.at", "task " + type + " has targets at "
                        + (needed == OutputAt.LAST ? "the last step only" : "every step") + " (allowed: "
                        + Choice.yamlName(needed) + ")"));
            }),
            new CrossCheck("forecasting stops early or at the budget", c -> {
                if (c.task() instanceof SeriesSpec && c.training().stop() == StopRule.PAPER) {
                    return Optional.of(new Found("training.stop", "forecasting has no criterion of success of its "
                            + "own (allowed: early_stopping, max_sequences)"));
                }
                return Optional.empty();
            }),
            new CrossCheck("early stopping has validation data", c -> {
                if (c.training().stop() == StopRule.EARLY_STOPPING && c.task() instanceof SeriesSpec s
                        && s.settings().validation() == 0) {
                    return Optional.of(new Found("task.validation", "early stopping needs validation steps (at "
                            + "least horizon = " + s.settings().horizon() + "), got 0"));
                }
                return Optional.empty();
            }));

    // ---------------------------------------------------------------------------------------------- defaults

    private static void fillDefaults(ObjectNode tree) {
        mergeMissing(tree, (ObjectNode) DEFAULTS.get("config"));
        if (tree.get("sweep") instanceof ObjectNode sweep) {
            mergeMissing(sweep, (ObjectNode) DEFAULTS.get("sweep"));
        }
        JsonNode task = tree.get("task");
        if (task instanceof ObjectNode t) {
            mergeByType(t, (ObjectNode) DEFAULTS.get("tasks"));
        }
        JsonNode model = tree.get("model");
        JsonNode layers = model == null ? null : model.get("layers");
        if (layers != null && layers.isArray()) {
            for (JsonNode layer : layers) {
                fillLayerDefaults(layer);
            }
        }
    }

    private static void fillLayerDefaults(JsonNode layer) {
        if (layer instanceof ObjectNode l) {
            mergeByType(l, (ObjectNode) DEFAULTS.get("layers"));
            fillLayerDefaults(l.get("layer"));
        }
    }

    private static void mergeByType(ObjectNode target, ObjectNode defaultsByType) {
        JsonNode type = target.get("type");
        if (type != null && type.isTextual() && defaultsByType.get(type.asText()) instanceof ObjectNode d) {
            mergeMissing(target, d);
        }
    }

    private static void mergeMissing(ObjectNode target, ObjectNode defaults) {
        for (Iterator<Map.Entry<String, JsonNode>> it = defaults.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode current = target.get(e.getKey());
            if (current == null) {
                target.set(e.getKey(), e.getValue().deepCopy());
            } else if (current instanceof ObjectNode c && e.getValue() instanceof ObjectNode d) {
                mergeMissing(c, d);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- the document

    /** A parsed config: its tree, and where each path came from (a line of the file, or {@code --set}). */
    private static final class Document {
        private final String source;
        private final ObjectNode tree;
        private final Map<String, String> origins = new HashMap<>();

        private Document(String source, ObjectNode tree) {
            this.source = source;
            this.tree = tree;
        }

        static Document read(String text, String source) throws ConfigException {
            if (text.length() > MAX_BYTES) {
                throw problem(source, 0, "", "document is larger than " + MAX_BYTES / 1024 + " KiB");
            }
            if (text.isBlank() || text.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                throw problem(source, 1, "", "the file is empty (a config needs at least task and model)");
            }
            JsonNode root;
            Map<String, String> origins = new HashMap<>();
            try {
                indexLines(text, source, origins);
                root = MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw problem(source, errorLine(e), "", syntaxMessage(e));
            } catch (IOException e) {
                throw problem(source, 0, "", "cannot parse: " + firstLine(e.getMessage()));
            } catch (RuntimeException e) {
                // SnakeYAML's own limits (depth, aliases, code points) surface as unchecked exceptions.
                throw problem(source, 0, "", "cannot parse: " + firstLine(e.getMessage()));
            }
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw problem(source, 1, "", "the file is empty (a config needs at least task and model)");
            }
            if (!(root instanceof ObjectNode object)) {
                throw problem(source, 1, "", "must be a mapping of keys to values, got " + describe(root));
            }
            Document doc = new Document(source, object);
            doc.origins.putAll(origins);
            return doc;
        }

        /** Records the line of every key and list entry. */
        private static void indexLines(String text, String source, Map<String, String> origins) throws IOException {
            try (JsonParser p = MAPPER.getFactory().createParser(text)) {
                int depth = 0;
                for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                    String path = null;
                    if (t == JsonToken.FIELD_NAME) {
                        path = ConfigPaths.of(p.getParsingContext());
                    } else if (t.isStructStart()) {
                        if (++depth > MAX_DEPTH) {
                            throw new JsonParseException(p, "document is nested deeper than " + MAX_DEPTH + " levels");
                        }
                        if (p.getParsingContext().getParent() != null && p.getParsingContext().getParent().inArray()) {
                            path = ConfigPaths.of(p.getParsingContext().getParent());
                        }
                    } else if (t.isStructEnd()) {
                        depth--;
                    } else if (p.getParsingContext().inArray()) {
                        path = ConfigPaths.of(p.getParsingContext());
                    }
                    if (path != null) {
                        origins.putIfAbsent(path, source + ":" + p.currentTokenLocation().getLineNr());
                    }
                }
            }
        }

        void override(String assignment) throws ConfigException {
            int eq = assignment.indexOf('=');
            String location = source + " (--set)";
            if (eq <= 0) {
                throw new ConfigException(new ConfigProblem(location, assignment,
                        "--set needs key=value, e.g. training.max_sequences=5000"));
            }
            String path = assignment.substring(0, eq).strip();
            String raw = assignment.substring(eq + 1);
            JsonNode value;
            try {
                value = raw.isBlank() ? TextNode.valueOf(raw) : MAPPER.readTree(raw);
                if (value == null || value.isMissingNode()) {
                    value = TextNode.valueOf(raw);
                }
            } catch (JsonProcessingException e) {
                value = TextNode.valueOf(raw);
            }
            try {
                ConfigPaths.set(tree, path, value);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(new ConfigProblem(location, path, e.getMessage()));
            }
            origins.keySet().removeIf(k -> k.equals(path) || k.startsWith(path + ".") || k.startsWith(path + "["));
            origins.put(path, location);
        }

        ExperimentConfig bind() throws ConfigException {
            List<ConfigProblem> problems = new ArrayList<>();
            ObjectMapper mapper = MAPPER.copy().addHandler(new DeserializationProblemHandler() {
                @Override
                public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                                                     JsonDeserializer<?> deserializer, Object beanOrClass,
                                                     String propertyName) throws IOException {
                    String path = ConfigPaths.of(p.getParsingContext());
                    Collection<Object> known = deserializer.getKnownPropertyNames();
                    List<String> names = known.stream().map(String::valueOf).sorted().toList();
                    String hint = Suggest.closest(propertyName, names).map(s -> "did you mean '" + s + "'? ")
                            .orElse("");
                    problems.add(problemAt(path, "unknown key (" + hint + "allowed: " + String.join(", ", names)
                            + ")"));
                    p.skipChildren();
                    return true;
                }
            });
            ExperimentConfig config = null;
            try {
                config = mapper.treeToValue(tree, ExperimentConfig.class);
            } catch (JsonMappingException e) {
                problems.addAll(toProblems(e));
            } catch (JsonProcessingException e) {
                problems.add(problemAt("", firstLine(e.getOriginalMessage())));
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            return config;
        }

        private List<ConfigProblem> toProblems(JsonMappingException e) {
            if (e instanceof MismatchedInputException m) {
                Matcher missing = MISSING_PROPERTY.matcher(m.getOriginalMessage());
                if (missing.find()) {
                    String path = ConfigPaths.of(e);
                    String objectPath = path.endsWith(missing.group(1)) ? ConfigPaths.parent(path) : path;
                    List<ConfigProblem> out = new ArrayList<>(unknownKeys(objectPath, e));
                    out.add(problemAt(ConfigPaths.child(objectPath, missing.group(1)), "is required"));
                    return out;
                }
            }
            return List.of(toProblem(e));
        }

        /**
         * Jackson reports a missing key before it reaches an unknown one in the same mapping, though the unknown key
         * is usually the misspelling of the missing one: find those here, from the record the mapping binds to.
         */
        private List<ConfigProblem> unknownKeys(String objectPath, JsonMappingException e) {
            List<JsonMappingException.Reference> refs = e.getPath();
            JsonNode node = ConfigPaths.find(tree, objectPath);
            if (refs.isEmpty() || !(refs.get(refs.size() - 1).getFrom() instanceof Class<?> type)
                    || !type.isRecord() || !(node instanceof ObjectNode object)) {
                return List.of();
            }
            PropertyNamingStrategies.NamingBase snake = (PropertyNamingStrategies.NamingBase)
                    PropertyNamingStrategies.SNAKE_CASE;
            List<String> known = Arrays.stream(type.getRecordComponents()).map(c -> snake.translate(c.getName()))
                    .sorted().toList();
            List<ConfigProblem> out = new ArrayList<>();
            object.fieldNames().forEachRemaining(key -> {
                if (!key.equals("type") && !known.contains(key)) {
                    String hint = Suggest.closest(key, known).map(h -> "did you mean '" + h + "'? ").orElse("");
                    out.add(problemAt(ConfigPaths.child(objectPath, key), "unknown key (" + hint + "allowed: "
                            + String.join(", ", known) + ")"));
                }
            });
            return out;
        }

        private ConfigProblem toProblem(JsonMappingException e) {
            String path = ConfigPaths.of(e);
            if (e instanceof InvalidTypeIdException t) {
                List<String> allowed = typeNames(t.getBaseType().getRawClass());
                String typePath = ConfigPaths.child(path, "type");
                if (t.getTypeId() == null) {
                    return problemAt(typePath, "is required (allowed: " + String.join(", ", allowed) + ")");
                }
                String hint = Suggest.closest(t.getTypeId(), allowed).map(s -> "did you mean '" + s + "'? ").orElse("");
                return problemAt(typePath, "unknown type '" + t.getTypeId() + "' (" + hint + "allowed: "
                        + String.join(", ", allowed) + ")");
            }
            if (e instanceof ValueInstantiationException) {
                Throwable cause = e.getCause();
                if (cause instanceof InvalidValueException invalid) {
                    return problemAt(ConfigPaths.child(path, invalid.key()), invalid.problem());
                }
                return problemAt(path, cause == null ? firstLine(e.getOriginalMessage()) : cause.getMessage());
            }
            if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
                List<String> allowed = Choice.names(f.getTargetType());
                String got = String.valueOf(f.getValue());
                String hint = Suggest.closest(got, allowed).map(s -> "did you mean '" + s + "'? ").orElse("");
                return problemAt(path, "unknown value '" + got + "' (" + hint + "allowed: "
                        + String.join(", ", allowed) + ")");
            }
            if (e instanceof MismatchedInputException m) {
                if (m.getOriginalMessage().contains("null value for creator property")
                        || m.getOriginalMessage().contains("Cannot map `null`")) {
                    return problemAt(path, "must not be empty (null)");
                }
                if (m.getTargetType() != null) {
                    JsonNode got = ConfigPaths.find(tree, path);
                    return problemAt(path, "must be " + expected(m.getTargetType()) + ", got "
                            + (got == null ? "something else" : describe(got)));
                }
            }
            return problemAt(path, firstLine(e.getOriginalMessage()));
        }

        /** A problem at {@code path}, located at the line of the path or its nearest ancestor in the file. */
        ConfigProblem problemAt(String path, String message) {
            for (String p = path; ; p = ConfigPaths.parent(p)) {
                String origin = origins.get(p);
                if (origin != null) {
                    return new ConfigProblem(origin, path, message);
                }
                if (p.isEmpty()) {
                    return new ConfigProblem(source + ":1", path, message);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static ConfigException problem(String source, int line, String path, String message) {
        return new ConfigException(new ConfigProblem(line > 0 ? source + ":" + line : source + ":1", path, message));
    }

    /** The line a parse error points at: SnakeYAML's problem mark where there is one, else Jackson's location. */
    private static int errorLine(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblemMark() != null) {
                return marked.getProblemMark().getLine() + 1;
            }
        }
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    private static String syntaxMessage(JsonProcessingException e) {
        String m = firstLine(e.getOriginalMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked && marked.getProblem() != null) {
                m = firstLine(marked.getProblem());
            }
        }
        Matcher dup = Pattern.compile("Duplicate field '([^']+)'").matcher(m);
        if (dup.find()) {
            return "duplicate key '" + dup.group(1) + "'";
        }
        if (m.contains("\\t") || m.contains("\t")) {
            return "YAML syntax error: a tab character (indent with spaces, not tabs)";
        }
        return "YAML syntax error: " + m;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "invalid";
        }
        String line = message.strip().lines().findFirst().orElse("invalid").strip();
        int at = line.indexOf(" at [Source");
        return at > 0 ? line.substring(0, at) : line;
    }

    private static String expected(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping";
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNull()) {
            return "nothing (null)";
        }
        String text = node.asText();
        if (text.length() > 40) {
            text = text.substring(0, 40) + "...";
        }
        return node.isTextual() ? "'" + text + "'" : text;
    }

    private static ObjectMapper newMapper() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_BYTES);
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(options)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                .build();
        ObjectMapper mapper = new ObjectMapper(factory)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        // YAML is typed: "8" is a string, not a number; 1 is not true.
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        return mapper;
    }

    private static ObjectNode readDefaults() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream("defaults.yaml")) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in defaults.yaml", e);
        }
    }

    /** A parse failure raised from the line index. */
    private static final class JsonParseException extends com.fasterxml.jackson.core.JsonParseException {
        JsonParseException(JsonParser p, String message) {
            super(p, message);
        }
    }
}
