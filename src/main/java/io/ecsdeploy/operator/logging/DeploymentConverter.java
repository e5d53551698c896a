package io.ecsdeploy.operator.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;

/**
 * {@code %deployment} in the text log pattern: the deployment a line is about, from the MDC ({@link
 * DeploymentLogContext}), as {@code [namespace/name group=... id=...] }; nothing on lines about no
 * deployment. Parts the MDC lacks (a hook report knows only the id) are left out.
 */
public final class DeploymentConverter extends ClassicConverter {
  @Override
  public String convert(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    if (mdc == null || DeploymentLogContext.KEYS.stream().noneMatch(mdc::containsKey)) {
      return "";
    }
    StringBuilder text = new StringBuilder("[");
    String namespace = mdc.get(DeploymentLogContext.NAMESPACE);
    String name = mdc.get(DeploymentLogContext.DEPLOYMENT);
    if (name != null) {
      text.append(namespace == null ? "" : namespace + "/").append(name);
    }
    append(text, "group", mdc.get(DeploymentLogContext.GROUP));
    append(text, "id", mdc.get(DeploymentLogContext.DEPLOYMENT_ID));
    return text.length() == 1 ? "" : text.append("] ").toString();
  }

  private static void append(StringBuilder text, String label, String value) {
    if (value != null) {
      text.append(text.length() > 1 ? " " : "").append(label).append('=').append(value);
    }
  }
}
