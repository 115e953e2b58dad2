package io.foldwise.workflows;

import com.netflix.conductor.client.http.ConductorClient;
import io.foldwise.runtime.artifact.ArtifactStore;
import io.foldwise.runtime.conductor.Conductor;
import io.foldwise.runtime.config.Settings;
import io.foldwise.runtime.tracking.Tracking;

/** The connections a command needs, made lazily from one {@link Settings}. */
public final class Session implements AutoCloseable {
  private final Settings settings;
  private ConductorClient conductor;
  private ArtifactStore store;
  private Tracking tracking;

  public Session(Settings settings) {
    this.settings = settings;
  }

  public Settings settings() {
    return settings;
  }

  public ExperimentCatalog catalog() {
    return ExperimentCatalog.at(settings.root());
  }

  public DefinitionSet definitions() {
    return DefinitionSet.load(settings.root().resolve("definitions"));
  }

  public synchronized ConductorClient conductor() {
    if (conductor == null) {
      conductor = Conductor.client(settings);
    }
    return conductor;
  }

  public synchronized ArtifactStore store() {
    if (store == null) {
      store = ArtifactStore.connect(settings);
    }
    return store;
  }

  public synchronized Tracking tracking() {
    if (tracking == null) {
      tracking = Tracking.connect(settings);
    }
    return tracking;
  }

  public Launcher launcher() {
    return new Launcher(settings, conductor(), definitions());
  }

  public Executions executions() {
    return new Executions(conductor());
  }

  @Override
  public void close() {
    if (tracking != null) {
      tracking.close();
    }
    if (store != null) {
      store.close();
    }
  }
}
