package io.foldwise.runtime.stackscripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.testing.TestStack;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack scripts themselves, run as a user would, against the running test stack. */
class StackScriptsTest {
    record Result(int exit, String out, String err) {}

    @TempDir
    Path tmp;

    static Result stack(Settings s, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of(s.root().resolve("stack/stack.sh").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(s.root().toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        String o = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        String e = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "stack.sh did not finish");
        return new Result(p.exitValue(), o, e);
    }

    @Test
    void statusShowsEveryServiceRunningWithUrlAndLog() throws Exception {
        Settings s = TestStack.settings();
        Result r = stack(s, Map.of(), "status", "--profile", s.profile());
        assertEquals(0, r.exit(), r.err());
        for (String name : List.of("PostgreSQL", "Redis", "MinIO", "Conductor", "MLflow")) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(name) && l.contains(" running ")), name + ":\n" + r.out());
        }
        assertTrue(r.out().contains(s.mlflowUrl()), r.out());
        assertTrue(r.out().contains("log: " + s.dataDir().resolve("logs/conductor.log")), r.out());
    }

    @Test
    void secondUpIsANoOp() throws Exception {
        Settings s = TestStack.settings();
        Result r = stack(s, Map.of(), "up", "--profile", s.profile());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("foldwise: stack '" + s.profile() + "' is already up; nothing to do\n"), r.err());
    }

    @Test
    void stoppedServicesShowAsStopped() throws Exception {
        Settings s = TestStack.settings();
        Result r = stack(s, Map.of("FOLDWISE_DATA_DIR", tmp.toString()), "status", "--profile", s.profile());
        assertEquals(1, r.exit(), "status exits 1 when a service is not running");
        assertEquals(5, r.out().lines().filter(l -> l.contains(" stopped ")).count(), r.out());
    }

    @Test
    void portTakenBySomethingElseIsNamed() throws Exception {
        Settings s = TestStack.settings();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(s.host()))) {
            int port = taken.getLocalPort();
            Result r = stack(s, Map.of("FOLDWISE_DATA_DIR", tmp.toString(), "FOLDWISE_POSTGRES_PORT",
                    Integer.toString(port)), "up", "--profile", s.profile());
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().contains("foldwise: port " + port + " (FOLDWISE_POSTGRES_PORT) for PostgreSQL is already in "
                    + "use by another process; stop that process or set another port in " + s.file()
                    + " or the environment\n"), r.err());
        }
    }

    @Test
    void unknownArgumentsPrintUsage() throws Exception {
        Settings s = TestStack.load();
        Result r = stack(s, Map.of(), "up", "--bogus");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("foldwise: unknown argument '--bogus'\n./foldwise stack up|down|status|workers"),
                r.err());
    }

}
