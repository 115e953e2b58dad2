package io.foldwise.unet;

import io.foldwise.unet.runtime.NativeBackend;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Chooses the ND4J native build before any test runs: several tests build networks or arrays with
 * DL4J directly, and whichever touched ND4J first would otherwise load JavaCPP's default build.
 * Registered in META-INF/services.
 */
public final class NativeBackendSession implements LauncherSessionListener {
  @Override
  public void launcherSessionOpened(LauncherSession session) {
    NativeBackend.select();
  }
}
