package io.foldwise.runtime.experiment;

import io.foldwise.segmentation.hash.Sha256;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What code computes a stage, as one hash: the bytes of the stage's worker class and of every Foldwise
 * class it reaches through the class files' constant pools (the segmentation library, the U-Net, the
 * config mapping), plus the file names (which carry the versions) of the third-party jars those classes
 * use. Derived from the compiled classes, so nobody has to remember to bump a version: change a
 * preprocessing transform and the preprocess key changes, and with it everything after it.
 *
 * <p>Transport code that cannot change a result (artifact store, Conductor and MLflow clients, settings)
 * is left out, so a fix there does not recompute stored data. The class bytes are javac's output, which is
 * the same for the same sources and compiler, so rebuilding unchanged sources keeps the hash.
 */
public final class CodeFingerprint {
  private static final String ROOT_PACKAGE = "io/foldwise/";
  /** Plumbing packages: how results travel, not what they are. */
  private static final List<String> EXCLUDED = List.of("io/foldwise/runtime/artifact/",
      "io/foldwise/runtime/conductor/", "io/foldwise/runtime/config/", "io/foldwise/runtime/tracking/");
  private static final Map<Class<?>, Fingerprint> CACHE = new ConcurrentHashMap<>();

  /** A stage's code hash and the classes and libraries that went into it. */
  public record Fingerprint(String hash, Set<String> classes, Set<String> libraries) {
    /** The first 12 hex digits, for messages. */
    public String shortHash() {
      return hash.substring(0, 12);
    }
  }

  private CodeFingerprint() {}

  /** The fingerprint of the code reachable from {@code root} (cached per class). */
  public static Fingerprint of(Class<?> root) {
    return CACHE.computeIfAbsent(root, CodeFingerprint::compute);
  }

  /** The hash of {@link #of}. */
  public static String hash(Class<?> root) {
    return of(root).hash();
  }

  private static Fingerprint compute(Class<?> root) {
    ClassLoader loader = root.getClassLoader() == null ? ClassLoader.getSystemClassLoader() : root.getClassLoader();
    Map<String, String> classHashes = new TreeMap<>();
    Set<String> libraries = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(root.getName().replace('.', '/'));
    while (!todo.isEmpty()) {
      String name = todo.poll();
      if (classHashes.containsKey(name)) {
        continue;
      }
      byte[] bytes = read(loader, name);
      if (bytes == null) {
        throw new IllegalStateException("class file of " + name.replace('/', '.') + " not found on the class path of "
            + root.getName() + "; rebuild with ./foldwise build");
      }
      classHashes.put(name, Sha256.of(bytes));
      for (String ref : referencedClasses(bytes)) {
        if (ref.startsWith(ROOT_PACKAGE)) {
          if (EXCLUDED.stream().noneMatch(ref::startsWith) && !classHashes.containsKey(ref)) {
            todo.add(ref);
          }
        } else {
          String lib = library(loader, ref);
          if (lib != null) {
            libraries.add(lib);
          }
        }
      }
    }
    StringBuilder all = new StringBuilder();
    classHashes.forEach((k, v) -> all.append(k).append(' ').append(v).append('\n'));
    libraries.forEach(l -> all.append("lib ").append(l).append('\n'));
    return new Fingerprint(Sha256.of(all.toString()), Set.copyOf(classHashes.keySet()), Set.copyOf(libraries));
  }

  private static byte[] read(ClassLoader loader, String internalName) {
    try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read class " + internalName, e);
    }
  }

  /** The jar file name a third-party class comes from, or null for the JDK and classes not found. */
  private static String library(ClassLoader loader, String internalName) {
    URL url = loader.getResource(internalName + ".class");
    if (url == null || !"jar".equals(url.getProtocol())) {
      return null;
    }
    String s = url.getPath(); // file:/.../name-1.2.jar!/a/b/C.class
    int bang = s.indexOf('!');
    if (bang < 0) {
      return null;
    }
    return Path.of(s.substring(0, bang)).getFileName().toString();
  }

  /** Class names (internal form) in a class file's constant pool, array and descriptor types included. */
  static Set<String> referencedClasses(byte[] classFile) {
    Set<String> out = new TreeSet<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile))) {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IllegalArgumentException("not a class file");
      }
      in.readUnsignedShort();
      in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      int[] classIndex = new int[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 7 -> classIndex[i] = in.readUnsignedShort();
          case 8, 16, 19, 20 -> in.readUnsignedShort();
          case 3, 4 -> in.readInt();
          case 5, 6 -> {
            in.readLong();
            i++;
          }
          case 9, 10, 11, 12, 17, 18 -> in.readInt();
          case 15 -> {
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default -> throw new IllegalArgumentException("unknown constant pool tag " + tag);
        }
      }
      for (int i = 1; i < count; i++) {
        if (classIndex[i] > 0 && utf8[classIndex[i]] != null) {
          addTypes(utf8[classIndex[i]], out);
        }
      }
      // every field, method and name-and-type descriptor is a UTF-8 constant: take every L...; in them
      for (String s : utf8) {
        if (s != null && s.indexOf('L') >= 0 && s.indexOf(';') > 0 && (s.startsWith("(") || s.startsWith("L")
            || s.startsWith("["))) {
          addTypes(s, out);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static void addTypes(String s, Set<String> out) {
    if (!s.contains(";")) {
      if (!s.startsWith("[") && !s.startsWith("(")) {
        out.add(s);
      }
      return;
    }
    int i = 0;
    while ((i = s.indexOf('L', i)) >= 0) {
      int end = s.indexOf(';', i);
      if (end < 0) {
        break;
      }
      String name = s.substring(i + 1, end);
      int generic = name.indexOf('<');
      if (generic >= 0) {
        name = name.substring(0, generic);
      }
      if (!name.isEmpty() && name.indexOf('(') < 0) {
        out.add(name);
      }
      i = end + 1;
    }
  }
}
