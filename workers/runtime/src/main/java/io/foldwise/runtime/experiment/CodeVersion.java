package io.foldwise.runtime.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The code version recorded on runs: {@code FOLDWISE_CODE_VERSION} if set, else the git commit of
 * {@code FOLDWISE_ROOT} (with {@code -dirty} when the tree has changes), else "unknown".
 */
public final class CodeVersion {
  private static volatile String cached;

  private CodeVersion() {}

  public static String get() {
    if (cached == null) {
      cached = compute();
    }
    return cached;
  }

  private static String compute() {
    String env = System.getenv("FOLDWISE_CODE_VERSION");
    if (env != null && !env.isBlank()) {
      return env;
    }
    String root = System.getenv("FOLDWISE_ROOT");
    Path dir = Path.of(root == null ? "." : root);
    String head = git(dir, "rev-parse", "--short=12", "HEAD");
    if (head == null || head.isEmpty()) {
      return "unknown";
    }
    String status = git(dir, "status", "--porcelain", "--untracked-files=no");
    return status == null || status.isEmpty() ? head : head + "-dirty";
  }

  private static String git(Path dir, String... args) {
    if (!Files.isDirectory(dir)) {
      return null;
    }
    String[] cmd = new String[args.length + 3];
    cmd[0] = "git";
    cmd[1] = "-C";
    cmd[2] = dir.toString();
    System.arraycopy(args, 0, cmd, 3, args.length);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        return null;
      }
      return new String(out, StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
