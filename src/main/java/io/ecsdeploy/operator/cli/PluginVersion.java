package io.ecsdeploy.operator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The plugin's version: the project version recorded in its jar, {@code unknown} outside one. */
final class PluginVersion implements IVersionProvider {
  private static final String POM_PROPERTIES =
      "/META-INF/maven/io.ecsdeploy/ecs-deploy-operator/pom.properties";

  static String version() {
    try (InputStream in = PluginVersion.class.getResourceAsStream(POM_PROPERTIES)) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"kubectl-ecsdeploy " + version()};
  }
}
