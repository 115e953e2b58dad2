package io.foldwise.runtime.experiment;

import io.foldwise.runtime.config.Settings;

/**
 * Links to an execution: the Conductor UI's execution page when a UI is configured
 * ({@code FOLDWISE_CONDUCTOR_UI_URL}, e.g. the docker-compose stack), else the server's own JSON view
 * of the execution (the plain-process stack runs the server without the UI).
 */
public final class ConductorLinks {
  private ConductorLinks() {}

  public static String execution(Settings settings, String workflowId) {
    String ui = settings.conductorUiUrl();
    if (ui.contains("/swagger-ui")) {
      return settings.conductorApiUrl() + "/workflow/" + workflowId + "?includeTasks=true";
    }
    return (ui.endsWith("/") ? ui.substring(0, ui.length() - 1) : ui) + "/execution/" + workflowId;
  }
}
