package dev.diffink.compress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass fixture: a small text file with sections {@code == description}, {@code == params}
 * (optional, {@code key=value} lines), {@code == input} and {@code == expected}. The file's folder
 * names the pass. Params {@code decimals} and {@code unitsPerPixel} set the context; any other key
 * is a component of the pass's {@code Options} record (the rest keep their defaults). Expected
 * lines are joined after their indentation is stripped, so elements can sit on lines of their own.
 */
record PassFixture(Path file, String pass, String description, Map<String, String> params, String input,
        String expected) {

    static PassFixture read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("== ")) {
                current = new ArrayList<>();
                sections.put(line.substring(3).trim(), current);
            } else if (current != null) {
                current.add(line);
            } else if (!line.isBlank()) {
                throw new IllegalArgumentException(file + ": text before the first section");
            }
        }
        for (String required : List.of("description", "input", "expected")) {
            if (!sections.containsKey(required)) throw new IllegalArgumentException(file + ": no '== " + required + "'");
        }
        if (!Set.of("description", "params", "input", "expected").containsAll(sections.keySet())) {
            throw new IllegalArgumentException(file + ": unknown section in " + sections.keySet());
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String line : sections.getOrDefault("params", List.of())) {
            if (line.isBlank()) continue;
            int eq = line.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException(file + ": param line without '=': " + line);
            params.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        String description = String.join(" ", sections.get("description")).trim();
        String input = String.join("\n", sections.get("input")).strip();
        StringBuilder expected = new StringBuilder();
        for (String line : sections.get("expected")) expected.append(line.strip());
        return new PassFixture(file, file.getParent().getFileName().toString(), description, params, input,
                expected.toString());
    }

    CompressContext context() {
        CompressContext ctx = new CompressContext(Integer.parseInt(params.getOrDefault("decimals", "3")));
        ctx.unitsPerPixel = Double.parseDouble(params.getOrDefault("unitsPerPixel", "1"));
        return ctx;
    }

    /** The pass the folder names, with the options the params give (the rest at their defaults). */
    Pass newPass() {
        for (Pass p : Compressor.passes(true)) {
            if (!p.name().equals(pass)) continue;
            Map<String, String> options = new LinkedHashMap<>(params);
            options.remove("decimals");
            options.remove("unitsPerPixel");
            return withOptions(p.getClass(), options);
        }
        throw new IllegalArgumentException(file + ": no pass named " + pass);
    }

    private Pass withOptions(Class<? extends Pass> type, Map<String, String> values) {
        try {
            if (values.isEmpty()) return type.getConstructor().newInstance();
            Class<?> optionsType = Class.forName(type.getName() + "$Options");
            Object defaults = optionsType.getField("DEFAULT").get(null);
            RecordComponent[] components = optionsType.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                String v = values.remove(c.getName());
                args[i] = v == null ? c.getAccessor().invoke(defaults) : convert(v, c.getType());
            }
            if (!values.isEmpty()) throw new IllegalArgumentException(file + ": unknown params " + values.keySet());
            Object options = optionsType.getDeclaredConstructor(types).newInstance(args);
            Constructor<? extends Pass> ctor = type.getConstructor(optionsType);
            return ctor.newInstance(options);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(file + ": cannot set options of " + pass + ": " + e, e);
        }
    }

    private static Object convert(String v, Class<?> type) {
        if (type == int.class) return Integer.parseInt(v);
        if (type == double.class) return Double.parseDouble(v);
        if (type == boolean.class) return Boolean.parseBoolean(v);
        if (type == Set.class) return v.isEmpty() ? Set.of() : Set.of(v.split("\\s*,\\s*"));
        if (type == String.class) return v;
        throw new IllegalArgumentException("no conversion to " + type);
    }

    @Override
    public String toString() {
        return pass + "/" + file.getFileName();
    }
}
