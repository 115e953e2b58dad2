package io.foldwise.runtime.conductor;

import com.netflix.conductor.client.automator.TaskRunnerConfigurer;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.TaskClient;
import com.netflix.conductor.client.worker.Worker;
import io.foldwise.runtime.config.Outage;
import io.foldwise.runtime.config.Settings;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs workers against the profile's Conductor server: polling, lease extension, logging, clean shutdown. */
public final class WorkerService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);
    private final TaskRunnerConfigurer runner;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private WorkerService(TaskRunnerConfigurer runner) {
        this.runner = runner;
    }

    /**
     * A worker process's main: opens the process's outage window ({@link Outage#windowOf}), starts polling for the
     * workers' task types and blocks until the process is stopped (SIGTERM/Ctrl-C).
     */
    public static void run(Settings s, List<Worker> workers, int threads) {
        // a worker process's tasks ride out a MinIO or MLflow restart instead of spending their retries on it
        Outage.window(Outage.windowOf(s));
        WorkerService service = start(s, workers, threads);
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "foldwise-worker-shutdown"));
        try {
            service.stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
        }
    }

    /** Starts polling and returns at once; {@link #close} stops it (used by tests and embedding code). */
    public static WorkerService start(Settings s, List<Worker> workers, int threads) {
        if (workers.isEmpty()) {
            throw new IllegalArgumentException("no workers to run");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        ConductorClient client = Conductor.client(s);
        TaskClient tasks = new TaskClient(client);
        WorkerIdentity who = WorkerIdentity.of(s);
        int pollIntervalMs = pollIntervalMs(s);
        for (Worker w : workers) {
            if (w instanceof StageWorker sw) {
                sw.attach(tasks, who, pollIntervalMs);
            }
        }
        TaskRunnerConfigurer runner = new TaskRunnerConfigurer.Builder(tasks, workers)
                .withThreadCount(Math.max(threads, workers.size())).withTaskPollTimeout(100)
                .withShutdownGracePeriodSeconds(10).build();
        runner.init();
        LOG.info("polling {} at {} with {} thread(s) as worker {} on host {} (profile {}; riding out outages of up to {} s)",
                workers.stream().map(Worker::getTaskDefName).toList(), s.conductorApiUrl(), threads, who.id(),
                who.host(), s.profile(), Outage.window().toSeconds());
        return new WorkerService(runner);
    }

    /** {@code FOLDWISE_POLL_INTERVAL_MS} (10..60000), else {@link StageWorker#DEFAULT_POLL_INTERVAL_MS}. */
    static int pollIntervalMs(Settings s) {
        String text = s.optional("FOLDWISE_POLL_INTERVAL_MS").orElse(null);
        if (text == null || text.isBlank()) {
            return StageWorker.DEFAULT_POLL_INTERVAL_MS;
        }
        int ms;
        try {
            ms = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            ms = -1;
        }
        if (ms < 10 || ms > 60_000) {
            throw new IllegalArgumentException("FOLDWISE_POLL_INTERVAL_MS must be a whole number of milliseconds in "
                    + "10..60000, got '" + text + "'");
        }
        return ms;
    }

    @Override
    public void close() {
        if (stopped.getCount() > 0) {
            LOG.info("stopping workers");
            runner.shutdown();
            stopped.countDown();
        }
    }
}
