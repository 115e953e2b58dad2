package io.foldwise.runtime.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a stack profile file: one {@code KEY=VALUE} per line, {@code #} comments, blank lines ignored. */
public final class EnvFile {
    private EnvFile() {}

    /** The file's entries in file order; a malformed line is an error naming the file and line number. */
    public static Map<String, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read stack settings file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0 || !line.substring(0, eq).matches("[A-Z_][A-Z0-9_]*")) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected KEY=VALUE with an "
                        + "upper-case KEY, got '" + line + "'");
            }
            values.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return Collections.unmodifiableMap(values);
    }
}
